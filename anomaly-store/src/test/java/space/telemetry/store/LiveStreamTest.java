package space.telemetry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static space.telemetry.store.StoreTestSupport.asOperator;
import static space.telemetry.store.StoreTestSupport.event;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.EventState;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBrokerTestResource;
import space.telemetry.localinfra.LocalCredentials;
import space.telemetry.localinfra.PostgresTestResource;

@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = StoreTestSupport.DATABASE))
@WithTestResource(JwtTestResource.class)
class LiveStreamTest {
    @TestHTTPResource("/anomalies/stream")
    URI stream;

    /** One server-sent event: its name and data. */
    record Sse(String name, String data) {
    }

    @Test
    void theStreamDeliversAnAnomalyIngestedFromKafkaAndAVerdict() throws Exception {
        try (Client client = Client.open(stream, JwtTestResource.token(LocalCredentials.VIEWER))) {
            assertThat(client.response.statusCode()).isEqualTo(200);
            assertThat(client.response.headers().firstValue("content-type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            client.awaitComment(); // subscribed: the stream starts with a keep-alive comment

            AnomalyEvent event = event("SMAP", StoreTestSupport.uniqueChannel("LIVE"), "range", 5, 9,
                    EventState.OPEN, 1, 3.0);
            StoreTestSupport.send(event);
            Sse anomaly = client.next("anomaly", event.id());
            assertThat(anomaly.data()).contains("\"channel\":\"" + event.channel() + "\"")
                    .contains("\"state\":\"open\"").contains("\"verdict\":null");

            AnomalyEvent closed = event("SMAP", event.channel(), "range", 5, 12, EventState.CLOSED, 2, 3.0);
            StoreTestSupport.send(closed);
            assertThat(client.next("anomaly", "\"state\":\"closed\"").data()).contains(event.id());

            asOperator().contentType("application/json").body(Map.of("verdict", "false-alarm"))
                    .post("/anomalies/{id}/verdicts", event.id()).then().statusCode(201);
            Sse verdict = client.next("verdict", event.id());
            assertThat(verdict.data()).contains("\"verdict\":\"false-alarm\"").contains("\"author\":\"test-user\"");
        }
    }

    @Test
    void theStreamNeedsAViewerToken() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stream).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
    }

    /** A streaming client: lines are read on a background thread into a queue. */
    static final class Client implements AutoCloseable {
        final HttpResponse<Stream<String>> response;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final Thread reader;

        private Client(HttpResponse<Stream<String>> response) {
            this.response = response;
            this.reader = new Thread(() -> {
                try {
                    response.body().forEach(lines::add);
                } catch (RuntimeException e) {
                    // closed
                }
            }, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static Client open(URI uri, String token) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30)).build();
            return new Client(HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                    .get(30, TimeUnit.SECONDS));
        }

        void awaitComment() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null && line.startsWith(":")) {
                    return;
                }
            }
            throw new AssertionError("no keep-alive comment within 30 s");
        }

        /** The next event named {@code name} whose data contains {@code text}; others are skipped. */
        Sse next(String name, String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String event = null;
            StringBuilder data = new StringBuilder();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line == null || line.startsWith(":")) {
                    continue;
                }
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                } else if (line.isEmpty()) {
                    if (name.equals(event) && data.toString().contains(text)) {
                        return new Sse(event, data.toString());
                    }
                    event = null;
                    data.setLength(0);
                }
            }
            throw new AssertionError("no '" + name + "' event with " + text + " within 30 s");
        }

        @Override
        public void close() {
            response.body().close();
        }
    }
}

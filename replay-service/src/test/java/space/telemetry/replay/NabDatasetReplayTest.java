package space.telemetry.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static space.telemetry.replay.Requests.asOperator;
import static space.telemetry.replay.Requests.asViewer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryPoint;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBrokerTestResource;

@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(NabDatasetReplayTest.NabData.class)
@WithTestResource(JwtTestResource.class)
class NabDatasetReplayTest {
    static final int ROWS = 60;
    static final int HISTORY = 9; // floor(0.15 x 60)
    static final String CHANNEL = "nabrplCategory/iio_us-east-1_i-a2eb1cd9_NetworkIn";
    static final Instant FIRST = Instant.parse("2014-04-10T00:00:00Z");

    /** A one-series NAB corpus whose name has '/', '-' and '_', with its windows file. */
    public static class NabData implements QuarkusTestResourceLifecycleManager {
        private Path dir;

        @Override
        public Map<String, String> start() {
            try {
                dir = Files.createTempDirectory("replay-nab");
                Path data = Files.createDirectories(dir.resolve("data/nabrplCategory"));
                StringBuilder csv = new StringBuilder("timestamp,value\n");
                for (int i = 0; i < ROWS; i++) {
                    csv.append(FIRST.plus(Duration.ofMinutes(5L * i)).toString().replace('T', ' ').replace("Z", ""))
                            .append(',').append(i * 0.5).append('\n');
                }
                Files.writeString(data.resolve("iio_us-east-1_i-a2eb1cd9_NetworkIn.csv"), csv);
                Files.createDirectories(dir.resolve("labels"));
                Files.writeString(dir.resolve("labels/combined_windows.json"), "{\"nabrplCategory/"
                        + "iio_us-east-1_i-a2eb1cd9_NetworkIn.csv\": []}");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("replay.dataset.kind", "nab", "replay.dataset.dir", dir.toString());
        }

        @Override
        public void stop() {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // temp dir, best effort
            }
        }
    }

    @Test
    void streamsTheNabSeriesAsSourceNabWithItsTimestamps() {
        JsonPath channels = asViewer().get("/channels").then().statusCode(200).extract().jsonPath();
        assertThat(channels.getList("id", String.class)).containsExactly(CHANNEL);
        assertThat(channels.getList("spacecraft", String.class)).containsExactly("NAB");

        Map<TopicPartition, Long> mark = RawTopic.mark();
        String id = asOperator().contentType(ContentType.JSON).body("{\"spacecraft\": \"NAB\"}")
                .when().post("/replays").then().statusCode(202).body("recordsTotal", equalTo(ROWS))
                .extract().path("id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> !asViewer().get("/replays/" + id).then().extract().path("state").equals("RUNNING"));
        asViewer().get("/replays/" + id).then().statusCode(200).body("state", equalTo("COMPLETED"));

        List<ConsumerRecord<String, TelemetryPoint>> records = RawTopic.read(mark, Set.of(CHANNEL), ROWS,
                Duration.ofSeconds(30));
        assertThat(records).hasSize(ROWS);
        for (int row = 0; row < ROWS; row++) {
            TelemetryPoint point = records.get(row).value();
            assertThat(point.spacecraft()).isEqualTo("NAB");
            assertThat(point.split()).isEqualTo(row < HISTORY ? Split.TRAIN : Split.TEST);
            assertThat(point.index()).isEqualTo(row < HISTORY ? row : row - HISTORY);
            assertThat(point.eventTime()).isEqualTo(FIRST.plus(Duration.ofMinutes(5L * row)));
            assertThat(point.value()).isEqualTo(row * 0.5);
            assertThat(point.commands()).isEmpty();
        }
    }
}

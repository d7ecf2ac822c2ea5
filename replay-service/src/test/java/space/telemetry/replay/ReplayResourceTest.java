package space.telemetry.replay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static space.telemetry.replay.Requests.asOperator;
import static space.telemetry.replay.Requests.asViewer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryCodec;
import space.telemetry.contract.TelemetryPoint;
import space.telemetry.data.ChannelPoints;
import space.telemetry.data.NpyFile;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBrokerTestResource;

@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(SyntheticDataTestResource.class)
@WithTestResource(JwtTestResource.class)
class ReplayResourceTest {
    private static final int ROWS = SyntheticDataTestResource.TRAIN_ROWS + SyntheticDataTestResource.TEST_ROWS;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;
    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;

    private static Path dataDir() {
        return Path.of(ConfigProvider.getConfig().getValue("replay.data-dir", String.class));
    }

    private static JsonPath awaitFinished(String id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> !asViewer().get("/replays/" + id).then().extract().path("state").equals("RUNNING"));
        return asViewer().get("/replays/" + id).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void replaysTrainThenTestRowsOfEachChannelInOrder() {
        Map<TopicPartition, Long> mark = RawTopic.mark();
        String id = asOperator().contentType(ContentType.JSON)
                .body("{\"channels\": [\"RPL-1\", \"RPLM-1\"], \"speed\": \"max\"}")
                .when().post("/replays")
                .then().statusCode(202)
                .header("Location", containsString("/replays/"))
                .body("state", equalTo("RUNNING"))
                .body("recordsTotal", equalTo(2 * ROWS))
                .extract().path("id");

        JsonPath status = awaitFinished(id);
        assertThat(status.getString("state")).isEqualTo("COMPLETED");
        assertThat(status.getLong("recordsSent")).isEqualTo(2L * ROWS);
        assertThat(status.getDouble("progress")).isEqualTo(1.0);
        assertThat(status.getString("speed")).isEqualTo("max");
        assertThat(status.getString("finishedAt")).isNotNull();
        assertThat(status.getList("channels.sent", Integer.class)).containsExactly(ROWS, ROWS);

        List<ConsumerRecord<String, byte[]>> values = RawTopic.readValues(mark, Set.of("RPL-1", "RPLM-1"),
                2 * ROWS, Duration.ofSeconds(30));
        assertThat(values).as("the binary wire format by default").hasSize(2 * ROWS)
                .allSatisfy(r -> assertThat(r.value()[0]).isEqualTo(TelemetryCodec.MAGIC_V1));
        List<ConsumerRecord<String, TelemetryPoint>> records = values.stream().map(r -> new ConsumerRecord<>(
                r.topic(), r.partition(), r.offset(), r.key(), TelemetryCodec.readPoint(r.key(), r.value()))).toList();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (String channel : List.of("RPL-1", "RPLM-1")) {
            List<TelemetryPoint> points = new ArrayList<>();
            records.stream().filter(r -> r.key().equals(channel)).forEach(r -> points.add(r.value()));
            assertThat(points).hasSize(ROWS);
            double[][] train = NpyFile.readAll(dataDir().resolve("train/" + channel + ".npy"));
            double[][] test = NpyFile.readAll(dataDir().resolve("test/" + channel + ".npy"));
            String spacecraft = channel.equals("RPLM-1") ? "MSL" : "SMAP";
            for (int position = 0; position < ROWS; position++) {
                TelemetryPoint point = points.get(position);
                boolean isTrain = position < train.length;
                double[] row = isTrain ? train[position] : test[position - train.length];
                assertThat(point.channel()).isEqualTo(channel);
                assertThat(point.spacecraft()).isEqualTo(spacecraft);
                assertThat(point.split()).isEqualTo(isTrain ? Split.TRAIN : Split.TEST);
                assertThat(point.index()).isEqualTo(isTrain ? position : position - train.length);
                assertThat(point.eventTime()).isEqualTo( // the test split after ChannelPoints' gap
                        start.plus(Duration.ofMinutes(isTrain ? position : position + ChannelPoints.SPLIT_GAP)));
                assertThat(point.value()).isEqualTo(row[0]);
                assertThat(point.commands()).hasSize(row.length - 1).containsExactly(
                        java.util.Arrays.copyOfRange(row, 1, row.length));
            }
        }
        given().get(metrics).then().statusCode(200)
                .body(containsString("replay_records_sent_total{spacecraft=\"MSL\"}"));
    }

    @Test
    void pacedReplayCanBeStopped() {
        String id = asOperator().contentType(ContentType.JSON)
                .body("{\"spacecraft\": \"SMAP\", \"channels\": [\"RPL-2\"], \"speed\": 600, "
                        + "\"startTime\": \"2030-05-01T00:00:00Z\"}")
                .when().post("/replays")
                .then().statusCode(202)
                .body("speed", equalTo("600"))
                .body("startTime", equalTo("2030-05-01T00:00:00Z"))
                .extract().path("id");
        // 600x real time with a one-minute period: one point every 100 ms
        await().atMost(Duration.ofSeconds(10)).until(() -> asViewer().get("/replays/" + id).then().extract()
                .<Integer>path("recordsSent") >= 3);
        asOperator().post("/replays/" + id + "/stop").then().statusCode(200).body("id", equalTo(id));
        JsonPath status = awaitFinished(id);
        assertThat(status.getString("state")).isEqualTo("STOPPED");
        assertThat(status.getLong("recordsSent")).isBetween(3L, 100L);
        assertThat(status.getDouble("progress")).isLessThan(0.2);
        asViewer().get("/replays").then().statusCode(200).body("id", hasItem(id));
    }

    @Test
    void truncatedFileEndsFailedNamingTheFile() {
        String id = asOperator().contentType(ContentType.JSON).body("{\"channels\": [\"BAD-TRUNC\"]}")
                .when().post("/replays")
                .then().statusCode(202).extract().path("id");
        JsonPath status = awaitFinished(id);
        assertThat(status.getString("state")).isEqualTo("FAILED");
        assertThat(status.getString("error")).startsWith("test/BAD-TRUNC.npy").contains("truncated data")
                .doesNotContain(dataDir().toString());
        // train rows and the complete test rows were sent before the failure
        assertThat(status.getLong("recordsSent")).isEqualTo(100L + SyntheticDataTestResource.TRUNCATED_AFTER);
    }

    @Test
    void validationErrorsAreProblems() {
        assertProblem("{\"spacecraft\": \"VOYAGER\"}", 400, "unknown spacecraft 'VOYAGER'");
        assertProblem("{\"channels\": [\"NOPE-1\"]}", 400, "unknown channel 'NOPE-1'");
        assertProblem("{\"spacecraft\": \"MSL\", \"channels\": [\"RPL-1\"]}", 400, "belongs to SMAP");
        assertProblem("{\"startTime\": \"yesterday\"}", 400, "startTime must be an ISO-8601 instant");
        assertProblem("{\"channels\": [\"\"]}", 400, "channels");
        assertProblem("{\"channels\": [\"BAD-MAGIC\"]}", 409, "test/BAD-MAGIC.npy: not an NPY file");
        asOperator().contentType(ContentType.JSON).body("{\"channels\": [\"BAD-MAGIC\"]}").post("/replays")
                .then().body("detail", startsWith("test/BAD-MAGIC.npy"));
        // all SMAP channels include the broken ones
        assertProblem("{\"spacecraft\": \"SMAP\"}", 409, "BAD-");
        assertProblem("{\"channels\": ", 400, "");

        asViewer().get("/replays/does-not-exist").then().statusCode(404)
                .contentType("application/problem+json")
                .body("title", equalTo("Replay not found"))
                .body("detail", containsString("does-not-exist"));
        asOperator().post("/replays/does-not-exist/stop").then().statusCode(404).contentType("application/problem+json");
    }

    private static void assertProblem(String body, int status, String detail) {
        asOperator().contentType(ContentType.JSON).body(body)
                .when().post("/replays")
                .then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body("detail", containsString(detail));
    }

    @Test
    void listsChannelsWithProblems() {
        asViewer().get("/channels").then().statusCode(200)
                .body("id", equalTo(List.of("BAD-MAGIC", "BAD-TRUNC", "RPL-1", "RPL-2", "RPL-3", "RPLM-1")))
                .body("find { it.id == 'RPLM-1' }.spacecraft", equalTo("MSL"))
                .body("find { it.id == 'RPLM-1' }.columns", equalTo(55))
                .body("find { it.id == 'RPL-1' }.trainRows", equalTo(SyntheticDataTestResource.TRAIN_ROWS))
                .body("find { it.id == 'RPL-1' }.testRows", equalTo(SyntheticDataTestResource.TEST_ROWS))
                .body("find { it.id == 'BAD-MAGIC' }.problem", containsString("not an NPY file"));
    }

    @Test
    void healthIsUpWithKafkaAndData() {
        given().get(readiness).then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("telemanom-data"));
    }
}

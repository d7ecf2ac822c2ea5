package space.telemetry.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
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
import space.telemetry.contract.TelemetryJson;
import space.telemetry.contract.TelemetryPoint;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBrokerTestResource;

@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(CsvDatasetReplayTest.CsvData.class)
@WithTestResource(JwtTestResource.class)
class CsvDatasetReplayTest {
    static final int ROWS = 120;
    static final int HISTORY = 18; // floor(0.15 x 120)
    static final long FIRST_SECOND = 1_767_225_600L; // 2026-01-01T00:00:00Z
    static final List<String> CHANNELS = List.of("csvrpl-pump", "csvrpl-tank.level");

    /**
     * A CSV dataset of system PLANT-1: two good channels (epoch seconds, ISO-8601) and one malformed file; replayed in
     * the JSON wire format.
     */
    public static class CsvData implements QuarkusTestResourceLifecycleManager {
        private Path dir;

        @Override
        public Map<String, String> start() {
            try {
                dir = Files.createTempDirectory("replay-csv");
                StringBuilder pump = new StringBuilder("timestamp,value,unit\n");
                StringBuilder tank = new StringBuilder("timestamp,value\n");
                for (int i = 0; i < ROWS; i++) {
                    pump.append(FIRST_SECOND + 30L * i).append(',').append(value(0, i)).append(",bar\n");
                    tank.append(Instant.ofEpochSecond(FIRST_SECOND + 30L * i)).append(',').append(value(1, i))
                            .append('\n');
                }
                Files.writeString(dir.resolve("csvrpl-pump.csv"), pump);
                Files.writeString(dir.resolve("csvrpl-tank.level.csv"), tank);
                Files.writeString(dir.resolve("csvrpl-bad.csv"), "timestamp,value\n2026-01-01T00:00:00Z,1\n"
                        + "2026-01-01T00:00:30Z,n/a\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("replay.dataset.kind", "csv", "replay.dataset.dir", dir.toString(),
                    "replay.dataset.source", "PLANT-1", "replay.wire-format", "json");
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

    static double value(int channel, int row) {
        return channel * 100 + Math.sin(row / 7.0) + (row == 90 ? 25 : 0);
    }

    @Test
    void channelsListTheSourceTheSplitAndTheMalformedFileWithItsLine() {
        JsonPath channels = asViewer().get("/channels").then().statusCode(200).extract().jsonPath();
        assertThat(channels.getList("id", String.class)).containsExactly("csvrpl-bad", "csvrpl-pump",
                "csvrpl-tank.level");
        assertThat(channels.getString("find { it.id == 'csvrpl-pump' }.spacecraft")).isEqualTo("PLANT-1");
        assertThat(channels.getInt("find { it.id == 'csvrpl-pump' }.trainRows")).isEqualTo(HISTORY);
        assertThat(channels.getInt("find { it.id == 'csvrpl-pump' }.testRows")).isEqualTo(ROWS - HISTORY);
        assertThat(channels.getInt("find { it.id == 'csvrpl-pump' }.columns")).isEqualTo(1);
        assertThat(channels.getString("find { it.id == 'csvrpl-bad' }.problem"))
                .isEqualTo("csvrpl-bad.csv: line 3: value 'n/a' is not a number");
    }

    @Test
    void replayingEverythingIsRefusedNamingTheMalformedFile() {
        asOperator().contentType(ContentType.JSON).body("{}").when().post("/replays")
                .then().statusCode(409).body("title", equalTo("CSV data unavailable"))
                .body("detail", containsString("csvrpl-bad.csv: line 3"));
    }

    @Test
    void streamsTheCsvChannelsToTelemetryRawAsJsonWithTheFilesTimestampsAndNoCommands() {
        Map<TopicPartition, Long> mark = RawTopic.mark();
        String id = asOperator().contentType(ContentType.JSON)
                .body("{\"spacecraft\": \"plant-1\", \"channels\": [\"csvrpl-pump\", \"csvrpl-tank.level\"]}")
                .when().post("/replays").then().statusCode(202).body("recordsTotal", equalTo(2 * ROWS))
                .extract().path("id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> !asViewer().get("/replays/" + id).then().extract().path("state").equals("RUNNING"));
        asViewer().get("/replays/" + id).then().statusCode(200).body("state", equalTo("COMPLETED"));

        List<ConsumerRecord<String, byte[]>> values = RawTopic.readValues(mark, Set.copyOf(CHANNELS), 2 * ROWS,
                Duration.ofSeconds(30));
        assertThat(values).as("replay.wire-format=json").hasSize(2 * ROWS).allSatisfy(r -> assertThat(
                TelemetryJson.readPoint(r.key(), r.value())).isNotNull());
        List<ConsumerRecord<String, TelemetryPoint>> records = values.stream().map(r -> new ConsumerRecord<>(
                r.topic(), r.partition(), r.offset(), r.key(), TelemetryJson.readPoint(r.key(), r.value()))).toList();
        for (int c = 0; c < CHANNELS.size(); c++) {
            String channel = CHANNELS.get(c);
            List<TelemetryPoint> points = records.stream().filter(r -> r.key().equals(channel))
                    .map(ConsumerRecord::value).toList();
            assertThat(points).hasSize(ROWS);
            for (int row = 0; row < ROWS; row++) {
                TelemetryPoint point = points.get(row);
                assertThat(point.spacecraft()).isEqualTo("PLANT-1");
                assertThat(point.channel()).isEqualTo(channel);
                assertThat(point.split()).isEqualTo(row < HISTORY ? Split.TRAIN : Split.TEST);
                assertThat(point.index()).isEqualTo(row < HISTORY ? row : row - HISTORY);
                assertThat(point.eventTime()).isEqualTo(Instant.ofEpochSecond(FIRST_SECOND + 30L * row));
                assertThat(point.value()).isEqualTo(value(c, row));
                assertThat(point.commands()).isEmpty();
            }
        }
    }
}

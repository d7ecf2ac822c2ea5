package space.telemetry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.Topics;
import space.telemetry.data.DataDirectory;
import space.telemetry.data.TelemanomChannel;
import space.telemetry.data.TelemanomDataset;
import space.telemetry.detection.DetectionConfig;
import space.telemetry.localinfra.KafkaBroker;
import space.telemetry.localinfra.TopicClient;
import space.telemetry.testdata.SyntheticDataset;

/**
 * The three packaged services on one broker and one database, fed real NASA channels when the data is there
 * (generated channels with planted anomalies otherwise). Every service is killed (SIGKILL) mid-stream and started
 * again; the events table must still equal what the detectors produce in-process, row for row.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {
    private static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    private static final List<String> NASA_CHANNELS = List.of("P-1", "S-1", "E-1", "A-4", "M-1");
    private static final Duration PERIOD = Duration.ofMinutes(1); // replay.period default

    @TempDir
    static Path synthetic;

    static LocalPipeline pipeline;
    static TelemanomDataset dataset;
    static List<String> channels;

    @BeforeAll
    static void startPipeline() {
        Path data = DataDirectory.resolve().orElseGet(() -> {
            SyntheticDataset.write(synthetic, 42);
            return synthetic;
        });
        dataset = TelemanomDataset.open(data);
        channels = NASA_CHANNELS.stream().filter(dataset::knows).toList();
        if (channels.isEmpty()) {
            channels = dataset.channels().stream().map(TelemanomChannel::id).toList();
        }
        pipeline = LocalPipeline.start(new LocalPipeline.Settings(ROOT, data, "anomalies_e2e", 3, 1,
                LocalPipeline.Ports.free()));
        pipeline.clearEvents();
    }

    @AfterAll
    static void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everyServiceKilledMidStreamStillLeavesExactlyTheEventsOfAnUninterruptedRun() {
        Map<String, AnomalyEvent> expected = new HashMap<>();
        DetectionConfig config = DetectionConfig.load(ROOT.resolve("configs/detectors.yaml"));
        for (String channel : channels) {
            expected.putAll(ChannelFeed.reference(config, dataset.require(channel)));
        }
        assertThat(expected).as("the chosen channels must raise events, or this test proves nothing").isNotEmpty();

        long longest = channels.stream().mapToLong(c -> dataset.require(c).totalRows()).max().orElseThrow();
        // paced so that the replay lasts about 60 s and each kill lands mid-stream
        String speed = Long.toString(longest * PERIOD.toSeconds() / 60);
        Map<String, Object> request = Map.of("channels", channels, "speed", speed);
        String first = pipeline.startReplay(request);

        ServiceProcess.sleep(4_000);
        pipeline.detectorService().kill();
        pipeline.detectorService().start(Duration.ofSeconds(120));
        ServiceProcess.sleep(3_000);
        pipeline.anomalyStore().kill();
        pipeline.anomalyStore().start(Duration.ofSeconds(120));
        assertThat(pipeline.replayStatus(first).get("state").asText()).isEqualTo("RUNNING");
        pipeline.replayService().kill();
        pipeline.replayService().start(Duration.ofSeconds(120));
        // the replay died with its service: the operator starts it again, from the beginning
        String second = pipeline.startReplay(Map.of("channels", channels, "speed", "max"));
        pipeline.awaitReplay(second, Duration.ofMinutes(5), status -> { });

        Map<String, AnomalyEvent> published = pipeline.awaitSettled(Duration.ofMinutes(5));
        assertThat(LocalPipeline.versions(published)).isEqualTo(LocalPipeline.versions(expected));
        assertThat(pipeline.storedVersions()).isEqualTo(LocalPipeline.versions(expected));
        long records = channels.stream().mapToLong(c -> dataset.require(c).totalRows()).sum();
        assertThat(pipeline.pointRows()).as("every point replayed is stored once, with its score").isEqualTo(records);

        AnomalyEvent any = expected.values().iterator().next();
        JsonNode served = Http.get(pipeline.storeUrl() + "/anomalies/" + any.id(), pipeline.viewerToken());
        assertThat(served.get("channel").asText()).isEqualTo(any.channel());
        assertThat(served.get("startIndex").asLong()).isEqualTo(any.startIndex());
        assertThat(served.get("state").asText()).isEqualTo(any.state().wireName());
        long forChannel = expected.values().stream().filter(e -> e.channel().equals(any.channel())).count();
        JsonNode page = Http.get(pipeline.storeUrl() + "/anomalies?channel=" + any.channel() + "&size=1000",
                pipeline.viewerToken());
        assertThat(page.get("total").asLong()).isEqualTo(forChannel);
    }

    @Test
    void aBadRecordLandsInTheDeadLetterTopicWithItsReason() {
        try (TopicClient topics = new TopicClient(pipeline.bootstrapServers())) {
            topics.send(Topics.RAW, "BAD-E2E", "{\"spacecraft\":\"SMAP\",\"channel\":\"BAD-E2E\",\"value\":\"x\"}"
                    .getBytes(StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<ConsumerRecord<String, byte[]>> dead = List.of();
            while (dead.isEmpty() && System.nanoTime() < deadline) {
                ServiceProcess.sleep(250);
                dead = topics.readAll(Topics.DLQ).stream().filter(r -> "BAD-E2E".equals(r.key())).toList();
            }
            assertThat(dead).hasSize(1);
            assertThat(new String(dead.get(0).headers().lastHeader(Topics.DLQ_REASON).value(), StandardCharsets.UTF_8))
                    .contains("TelemetryPoint");
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: the other tests expect one detector instance
    void anAddedDetectorJoinsTheGroupUnderItsOwnInstanceIdAgainAfterAKill() throws Exception {
        ServiceProcess added = pipeline.addDetector();
        assertThat(pipeline.detectors()).hasSize(2).endsWith(added);
        assertThat(groupInstanceIds()).containsExactlyInAnyOrder("detector-1", "detector-2");

        added.kill();
        added.start(Duration.ofSeconds(120));
        assertThat(groupInstanceIds()).containsExactlyInAnyOrder("detector-1", "detector-2");
    }

    /** The static instance ids of the detector group's members, once both have joined (60 s at most). */
    private static List<String> groupInstanceIds() throws Exception {
        try (Admin admin = KafkaBroker.admin(pipeline.bootstrapServers())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<String> ids;
            do {
                ServiceProcess.sleep(500);
                ids = admin.describeConsumerGroups(List.of("detector-service")).all().get(30, TimeUnit.SECONDS)
                        .get("detector-service").members().stream()
                        .map(member -> member.groupInstanceId().orElse("(dynamic)")).toList();
            } while (ids.size() < 2 && System.nanoTime() < deadline);
            return ids;
        }
    }
}

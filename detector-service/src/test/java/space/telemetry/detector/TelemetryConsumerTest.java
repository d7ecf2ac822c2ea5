package space.telemetry.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.EventState;
import space.telemetry.contract.Limits;
import space.telemetry.contract.ScoreBatch;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryCodec;
import space.telemetry.contract.TelemetryJson;
import space.telemetry.contract.TelemetryPoint;
import space.telemetry.contract.Topics;
import space.telemetry.detection.ChannelDetector;
import space.telemetry.detection.DetectionConfig;
import space.telemetry.detection.OfflineDetection;
import space.telemetry.detector.repository.CommittedState;
import space.telemetry.localinfra.KafkaBrokerTestResource;

@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class TelemetryConsumerTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    MeterRegistry registry;

    DetectionConfig config;
    DetectorOutputs outputs;

    TelemetryConsumerTest(DetectionConfig config) {
        this.config = config;
    }

    @BeforeEach
    void connect() {
        outputs = new DetectorOutputs(bootstrapServers);
    }

    @AfterEach
    void disconnect() {
        outputs.close();
    }

    @Test
    void aPlantedShiftIsPublishedAsAnEventThatOpensThenCloses() {
        String channel = TelemetryStream.uniqueChannel("SHIFT");
        outputs.topics.sendAll(Topics.RAW, channel, TelemetryStream.series(channel, 400, 800, 300, 340));

        List<AnomalyEvent> events = outputs.awaitEvents(channel, 2);
        assertThat(events).extracting(AnomalyEvent::detector).containsOnly("zscore", "mad");
        AnomalyEvent first = events.get(0);
        assertThat(first.state()).isEqualTo(EventState.OPEN);
        assertThat(first.split()).isEqualTo(Split.TEST);
        assertThat(first.startIndex()).isBetween(300L, 303L);
        assertThat(first.id()).isEqualTo(AnomalyEvent.idFor(channel, first.detector(), Split.TEST, first.startIndex()));
        assertThat(events).filteredOn(e -> e.id().equals(first.id())).extracting(AnomalyEvent::state)
                .containsExactly(EventState.OPEN, EventState.CLOSED);
    }

    @Test
    void anEventCarriesItsPointsProduceTimeAndItsCommitRecordsTheLatency() {
        Timer latency = registry.get("detector.detection.latency").timer();
        long before = latency.count();
        long producedAt = System.currentTimeMillis() - 3_600_000; // an hour late: no other test's latency
        String channel = TelemetryStream.uniqueChannel("LATENCY");
        outputs.topics.sendAll(Topics.RAW, channel, TelemetryStream.series(channel, 400, 800, 300, 340), producedAt);

        outputs.awaitEvents(channel, 1);
        ConsumerRecord<String, byte[]> first = outputs.topics.readAll(Topics.ANOMALIES).stream()
                .filter(r -> channel.equals(r.key())).findFirst().orElseThrow();
        assertThat(DetectorOutputs.header(first, Topics.POINT_PRODUCED_AT)).isEqualTo(Long.toString(producedAt));
        await().atMost(DetectorOutputs.TIMEOUT).until(() -> latency.count() > before);
        assertThat(latency.max(TimeUnit.SECONDS)).isGreaterThanOrEqualTo(3_600);
    }

    @Test
    void everyCommittedBatchRecordsItsTransactionsDuration() {
        Timer transactions = registry.get("detector.transaction.duration").timer();
        long before = transactions.count();
        String channel = TelemetryStream.uniqueChannel("CYCLE");
        outputs.topics.sendAll(Topics.RAW, channel, TelemetryStream.series(channel, 400, 800, 300, 340));

        outputs.awaitEvents(channel, 1);
        await().atMost(DetectorOutputs.TIMEOUT).until(() -> transactions.count() > before);
        assertThat(transactions.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    }

    @Test
    void everyPointIsPublishedOnceWithTheScoreTheOfflineEvaluationGivesIt() {
        String channel = TelemetryStream.uniqueChannel("SCORES");
        List<TelemetryPoint> points = TelemetryStream.points(channel, 5, 2500, 1800, 900, 950);
        List<byte[]> series = points.stream().map(TelemetryJson::write).toList();
        outputs.topics.sendAll(Topics.RAW, channel, series);
        outputs.topics.sendAll(Topics.RAW, channel, series.subList(3000, 3500)); // duplicates: not scored again

        outputs.awaitConsumed();
        List<Double> offline = new ArrayList<>();
        OfflineDetection.run(config, "SMAP", channel, points.iterator(), offline::add);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            TelemetryPoint point = points.get(i);
            expected.add(DetectorOutputs.scoredPoint(point.split(), point.index(), point.eventTime().toEpochMilli(),
                    point.value(), offline.get(i)));
        }
        assertThat(offline).as("the planted shift scores above the threshold, or this test proves little")
                .anyMatch(score -> score > 0.5);
        assertThat(outputs.scoredPoints(channel)).containsExactlyElementsOf(expected);
        List<ScoreBatch> batches = outputs.scores(channel);
        assertThat(batches).allSatisfy(batch -> {
            assertThat(batch.spacecraft()).isEqualTo("SMAP");
            assertThat(batch.threshold()).isEqualTo(0.5);
            assertThat(batch.size()).isBetween(1, Limits.MAX_SCORE_POINTS);
        });
        assertThat(batches).as("a record never mixes splits; 4300 points need at least 4 records")
                .hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void aChannelOfAnotherSourceWithoutCommandsIsDetectedLikeNasas() {
        String channel = TelemetryStream.uniqueChannel("plant.csv");
        List<byte[]> series = TelemetryStream.points(channel, channel.hashCode(), 400, 800, 300, 340).stream()
                .map(p -> new TelemetryPoint("PLANT-1", p.channel(), p.split(), p.index(), p.eventTime(), p.value(),
                        new double[0]))
                .map(TelemetryJson::write).toList();
        outputs.topics.sendAll(Topics.RAW, channel, series);

        List<AnomalyEvent> events = outputs.awaitEvents(channel, 2);
        assertThat(events).extracting(AnomalyEvent::spacecraft).containsOnly("PLANT-1");
        assertThat(events.get(0).split()).isEqualTo(Split.TEST);
        assertThat(events.get(0).startIndex()).isBetween(300L, 303L);
        assertThat(outputs.deadLetters(channel)).isEmpty();
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicWithItsReasonAndTheStreamGoesOn() {
        String channel = TelemetryStream.uniqueChannel("DLQ");
        byte[] binary = TelemetryCodec.write(TelemetryStream.points(channel, 1, 1, 0, -1, -1).get(0));
        byte[] unknownVersion = binary.clone();
        unknownVersion[0] = (byte) 0xC2;
        outputs.topics.send(Topics.RAW, channel, "{not json".getBytes(StandardCharsets.UTF_8));
        outputs.topics.send(Topics.RAW, channel, "{\"channel\":\"other\"}".getBytes(StandardCharsets.UTF_8));
        outputs.topics.send(Topics.RAW, channel, Arrays.copyOf(binary, binary.length - 2));
        outputs.topics.send(Topics.RAW, channel, unknownVersion);
        outputs.topics.sendAll(Topics.RAW, channel, TelemetryStream.series(channel, 300, 500, 200, 230));

        await().atMost(DetectorOutputs.TIMEOUT).untilAsserted(() -> assertThat(outputs.deadLetters(channel)).hasSize(4));
        List<ConsumerRecord<String, byte[]>> dead = outputs.deadLetters(channel);
        assertThat(TelemetryStream.utf8(dead.get(0).value())).isEqualTo("{not json");
        assertThat(DetectorOutputs.header(dead.get(0), Topics.DLQ_REASON)).startsWith("not a valid TelemetryPoint");
        assertThat(DetectorOutputs.header(dead.get(0), Topics.DLQ_TOPIC)).isEqualTo(Topics.RAW);
        assertThat(DetectorOutputs.header(dead.get(0), Topics.DLQ_OFFSET)).matches("\\d+");
        assertThat(DetectorOutputs.header(dead.get(0), Topics.DLQ_PARTITION)).matches("\\d+");
        assertThat(DetectorOutputs.header(dead.get(1), Topics.DLQ_REASON)).isNotBlank();
        assertThat(dead.get(2).value()).as("the record, untouched").isEqualTo(Arrays.copyOf(binary, binary.length - 2));
        assertThat(DetectorOutputs.header(dead.get(2), Topics.DLQ_REASON))
                .startsWith("not a valid binary TelemetryPoint: truncated in commands bitmask");
        assertThat(DetectorOutputs.header(dead.get(3), Topics.DLQ_REASON))
                .isEqualTo("not a valid binary TelemetryPoint: version byte 0xC2 is unknown (this reader knows 0xC1)");
        assertThat(outputs.awaitEvents(channel, 1)).isNotEmpty(); // the valid points after them were processed
    }

    @Test
    void aBinaryRecordIsDetectedAndScoredLikeItsJsonTwin() {
        String binary = TelemetryStream.uniqueChannel("BINARY");
        String json = TelemetryStream.uniqueChannel("JSON");
        outputs.topics.sendAll(Topics.RAW, binary, TelemetryStream.points(binary, 3, 400, 800, 300, 340).stream()
                .map(TelemetryCodec::write).toList());
        outputs.topics.sendAll(Topics.RAW, json, TelemetryStream.points(json, 3, 400, 800, 300, 340).stream()
                .map(TelemetryJson::write).toList());

        outputs.awaitConsumed();
        assertThat(outputs.events(json)).as("the JSON twin raises events, or this test proves nothing").isNotEmpty();
        assertThat(outputs.events(binary)).extracting(DetectorOutputs::shape)
                .containsExactlyElementsOf(outputs.events(json).stream().map(DetectorOutputs::shape).toList());
        assertThat(outputs.scoredPoints(binary)).hasSize(1200).containsExactlyElementsOf(outputs.scoredPoints(json));
        assertThat(outputs.deadLetters(binary)).isEmpty();
    }

    @Test
    void pointsSentTwiceRaiseEachEventOnce() {
        String channel = TelemetryStream.uniqueChannel("TWICE");
        List<byte[]> series = TelemetryStream.series(channel, 300, 500, 200, 230);
        outputs.topics.sendAll(Topics.RAW, channel, series);
        outputs.topics.sendAll(Topics.RAW, channel, series); // a replay restarted from the beginning

        outputs.awaitConsumed();
        List<AnomalyEvent> events = outputs.events(channel);
        assertThat(events).extracting(AnomalyEvent::state).containsOnly(EventState.OPEN, EventState.CLOSED);
        assertThat(events.stream().map(e -> e.id() + e.state()).distinct().count()).isEqualTo(events.size());
    }

    @Test
    void aChannelIsCheckpointedEveryHundredPointsWithTheRawOffsetItCovers() {
        String channel = TelemetryStream.uniqueChannel("CKPT");
        List<byte[]> series = TelemetryStream.series(channel, 300, 150, -1, -1);
        outputs.topics.sendAll(Topics.RAW, channel, series);

        outputs.awaitConsumed();
        List<ConsumerRecord<String, byte[]>> states = outputs.states(channel);
        assertThat(states).as("every-points=100 in tests: at most one checkpoint per 100 points")
                .hasSizeBetween(1, series.size() / 100);
        ConsumerRecord<String, byte[]> last = states.get(states.size() - 1);
        long offset = Long.parseLong(DetectorOutputs.header(last, CommittedState.OFFSET));
        ConsumerRecord<String, byte[]> covered = outputs.topics.readAll(Topics.RAW).stream()
                .filter(r -> r.offset() == offset
                        && r.partition() == Integer.parseInt(DetectorOutputs.header(last, CommittedState.PARTITION)))
                .findFirst().orElseThrow();
        TelemetryPoint lastIncluded = TelemetryCodec.readPoint(channel, covered.value());
        ChannelDetector restored = ChannelDetector.restore(config, last.value()).orElseThrow();
        TelemetryPoint next = new TelemetryPoint("SMAP", channel, lastIncluded.split(), lastIncluded.index() + 1,
                TelemetryStream.START, 0, new double[24]);
        assertThat(restored.process(next).order()).as("the checkpoint holds exactly the points up to its raw offset")
                .isEqualTo(ChannelDetector.Order.NEXT);
    }
}

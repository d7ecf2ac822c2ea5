package space.telemetry.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import space.telemetry.core.detect.ChannelDetector;
import space.telemetry.core.detect.DetectionConfig;
import space.telemetry.core.model.AnomalyEvent;
import space.telemetry.core.model.EventState;
import space.telemetry.core.model.Split;
import space.telemetry.core.model.TelemetryJson;
import space.telemetry.core.model.Topics;
import space.telemetry.localinfra.KafkaBrokerTestResource;
import space.telemetry.localinfra.TopicClient;

@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class TelemetryConsumerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    DetectionConfig config;
    TopicClient topics;

    TelemetryConsumerTest(DetectionConfig config) {
        this.config = config;
    }

    @BeforeEach
    void connect() {
        topics = new TopicClient(bootstrapServers);
    }

    @AfterEach
    void disconnect() {
        topics.close();
    }

    @Test
    void aPlantedShiftIsPublishedAsAnEventThatOpensThenCloses() {
        String channel = TelemetryStream.uniqueChannel("SHIFT");
        topics.sendAll(Topics.RAW, channel, TelemetryStream.series(channel, 400, 800, 300, 340));

        List<AnomalyEvent> events = awaitEvents(channel, 2);
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
    void aMalformedRecordGoesToTheDeadLetterTopicWithItsReasonAndTheStreamGoesOn() {
        String channel = TelemetryStream.uniqueChannel("DLQ");
        topics.send(Topics.RAW, channel, "{not json".getBytes(StandardCharsets.UTF_8));
        topics.send(Topics.RAW, channel, "{\"channel\":\"other\"}".getBytes(StandardCharsets.UTF_8));
        topics.sendAll(Topics.RAW, channel, TelemetryStream.series(channel, 300, 500, 200, 230));

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(deadLetters(channel)).hasSize(2));
        List<ConsumerRecord<String, byte[]>> dead = deadLetters(channel);
        assertThat(TelemetryStream.utf8(dead.get(0).value())).isEqualTo("{not json");
        assertThat(header(dead.get(0), Topics.DLQ_REASON)).startsWith("not a valid TelemetryPoint");
        assertThat(header(dead.get(0), Topics.DLQ_TOPIC)).isEqualTo(Topics.RAW);
        assertThat(header(dead.get(0), Topics.DLQ_OFFSET)).matches("\\d+");
        assertThat(header(dead.get(0), Topics.DLQ_PARTITION)).matches("\\d+");
        assertThat(header(dead.get(1), Topics.DLQ_REASON)).isNotBlank();
        assertThat(awaitEvents(channel, 1)).isNotEmpty(); // the valid points after them were processed
    }

    @Test
    void pointsSentTwiceRaiseEachEventOnce() {
        String channel = TelemetryStream.uniqueChannel("TWICE");
        List<byte[]> series = TelemetryStream.series(channel, 300, 500, 200, 230);
        topics.sendAll(Topics.RAW, channel, series);
        topics.sendAll(Topics.RAW, channel, series); // a replay restarted from the beginning

        awaitCheckpointAt(channel, Split.TEST, 499);
        List<AnomalyEvent> events = events(channel);
        assertThat(events).extracting(AnomalyEvent::state).containsOnly(EventState.OPEN, EventState.CLOSED);
        assertThat(events.stream().map(e -> e.id() + e.state()).distinct().count()).isEqualTo(events.size());
    }

    @Test
    void eachChannelsStateIsCheckpointedWithItsPosition() {
        String channel = TelemetryStream.uniqueChannel("CKPT");
        topics.sendAll(Topics.RAW, channel, TelemetryStream.series(channel, 300, 100, -1, -1));

        ChannelDetector restored = awaitCheckpointAt(channel, Split.TEST, 99);
        assertThat(restored.channel()).isEqualTo(channel);
    }

    private ChannelDetector awaitCheckpointAt(String channel, Split split, long index) {
        ChannelDetector[] found = new ChannelDetector[1];
        byte[] next = TelemetryJson.write(new space.telemetry.core.model.TelemetryPoint("SMAP", channel, split, index + 1,
                TelemetryStream.START, 0, new double[24]));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            List<ConsumerRecord<String, byte[]>> states = topics.readAll(Topics.DETECTOR_STATE).stream()
                    .filter(r -> channel.equals(r.key())).toList();
            assertThat(states).isNotEmpty();
            ChannelDetector restored = ChannelDetector.restore(config, states.get(states.size() - 1).value()).orElseThrow();
            // the next point of the split is what the restored channel expects
            assertThat(restored.order(TelemetryJson.readPoint(channel, next))).isEqualTo(ChannelDetector.Order.NEXT);
            found[0] = restored;
        });
        return found[0];
    }

    private List<AnomalyEvent> awaitEvents(String channel, int atLeast) {
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events(channel)).hasSizeGreaterThanOrEqualTo(atLeast));
        return events(channel);
    }

    private List<AnomalyEvent> events(String channel) {
        return topics.readAll(Topics.ANOMALIES).stream().filter(r -> channel.equals(r.key()))
                .map(r -> TelemetryJson.readEvent(r.value())).toList();
    }

    private List<ConsumerRecord<String, byte[]>> deadLetters(String channel) {
        return topics.readAll(Topics.DLQ).stream().filter(r -> channel.equals(r.key())).toList();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return TelemetryStream.utf8(record.headers().lastHeader(name).value());
    }
}

package space.telemetry.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.ScoreBatch;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryJson;
import space.telemetry.contract.Topics;
import space.telemetry.localinfra.KafkaBroker;
import space.telemetry.localinfra.TopicClient;

/** What the detector published, read back from the test broker: events, dead letters, checkpoints, progress. */
final class DetectorOutputs implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    final TopicClient topics;

    DetectorOutputs(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.topics = new TopicClient(bootstrapServers);
    }

    List<AnomalyEvent> events(String channel) {
        return topics.readAll(Topics.ANOMALIES).stream().filter(r -> channel.equals(r.key()))
                .map(r -> TelemetryJson.readEvent(r.value())).toList();
    }

    List<AnomalyEvent> awaitEvents(String channel, int atLeast) {
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events(channel)).hasSizeGreaterThanOrEqualTo(atLeast));
        return events(channel);
    }

    /** The score records of a channel (read_committed), in order. */
    List<ScoreBatch> scores(String channel) {
        return topics.readAll(Topics.SCORES).stream().filter(r -> channel.equals(r.key()))
                .map(r -> TelemetryJson.readScores(r.key(), r.value())).toList();
    }

    /** Each scored point of a channel as "split index time value score", in record order. */
    List<String> scoredPoints(String channel) {
        List<String> points = new java.util.ArrayList<>();
        for (ScoreBatch batch : scores(channel)) {
            for (int i = 0; i < batch.size(); i++) {
                points.add(scoredPoint(batch.split(), batch.indices()[i], batch.times()[i], batch.values()[i],
                        batch.scores()[i]));
            }
        }
        return points;
    }

    static String scoredPoint(Split split, long index, long millis, double value, double score) {
        return split.wireName() + " " + index + " " + millis + " " + value + " " + (float) score;
    }

    List<ConsumerRecord<String, byte[]>> deadLetters(String channel) {
        return topics.readAll(Topics.DLQ).stream().filter(r -> channel.equals(r.key())).toList();
    }

    List<ConsumerRecord<String, byte[]>> states(String channel) {
        return topics.readAll(Topics.DETECTOR_STATE).stream().filter(r -> channel.equals(r.key())).toList();
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        return TelemetryStream.utf8(record.headers().lastHeader(name).value());
    }

    /** Waits until the detector has committed every record of telemetry.raw. */
    void awaitConsumed() {
        try (Admin admin = KafkaBroker.admin(bootstrapServers)) {
            await().atMost(TIMEOUT).until(() -> lag(admin) == 0);
        }
    }

    private static long lag(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("detector-service")
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        var partitions = admin.describeTopics(List.of(Topics.RAW)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(Topics.RAW).partitions();
        long lag = 0;
        for (var info : partitions) {
            TopicPartition partition = new TopicPartition(Topics.RAW, info.partition());
            long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get(10, TimeUnit.SECONDS)
                    .get(partition).offset();
            OffsetAndMetadata done = committed.get(partition);
            lag += end - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    @Override
    public void close() {
        topics.close();
    }

    /** An event without its channel: detector, split, indices, state and peak. */
    static String shape(AnomalyEvent event) {
        return event.detector() + " " + event.split().wireName() + " " + event.startIndex() + ".." + event.endIndex()
                + " " + event.state().wireName() + " peak " + event.peakScore();
    }
}

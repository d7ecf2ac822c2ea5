package space.telemetry.detector;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import space.telemetry.contract.Topics;
import space.telemetry.detector.config.DetectorServiceConfig;
import space.telemetry.detector.repository.CommittedState;
import space.telemetry.detector.repository.DetectorStateRepository;
import space.telemetry.detector.service.DetectionOutput;
import space.telemetry.localinfra.KafkaBroker;

/**
 * A state topic and a consumer group of a test's own on the test broker: commits (or aborts) a batch's state records
 * and raw offsets in one Kafka transaction, as the consumer does, so that a service instance restored from them reads
 * what the broker really holds; the running consumer's topic and group are left alone.
 */
final class StateTopic implements AutoCloseable {
    final String topic = "test.detector-state." + UUID.randomUUID().toString().substring(0, 8);
    final String group = "test-detector-" + UUID.randomUUID().toString().substring(0, 8);
    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;

    StateTopic(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        try (Admin admin = KafkaBroker.admin(bootstrapServers)) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1)
                    .configs(KafkaBroker.TOPIC_CONFIGS.get(Topics.DETECTOR_STATE)))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + topic, e);
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group);
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
    }

    /** The service's settings with this state topic. */
    DetectorServiceConfig settings(DetectorServiceConfig settings) {
        return SettingsOverride.with(settings, "stateTopic", topic);
    }

    /** A repository reading this state topic. */
    DetectorStateRepository repository(DetectorServiceConfig settings) {
        return new DetectorStateRepository(settings(settings), bootstrapServers, Map.of());
    }

    /** Commits a batch's state records and its next raw offsets (per partition) in one transaction. */
    void commit(DetectionOutput output, Map<Integer, Long> next) {
        send(output, next);
        producer.commitTransaction();
    }

    /** Sends the same as {@link #commit} and aborts the transaction. */
    void abort(DetectionOutput output, Map<Integer, Long> next) {
        send(output, next);
        producer.abortTransaction();
    }

    /** The group's committed offsets of telemetry.raw, per partition, read from the broker. */
    Map<Integer, Long> committedOffsets() {
        try (Admin admin = KafkaBroker.admin(bootstrapServers)) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .entrySet().stream().filter(entry -> entry.getKey().topic().equals(Topics.RAW))
                    .collect(Collectors.toMap(entry -> entry.getKey().partition(), entry -> entry.getValue().offset()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of " + group, e);
        }
    }

    private void send(DetectionOutput output, Map<Integer, Long> next) {
        producer.beginTransaction();
        output.checkpoints().forEach(checkpoint -> send(checkpoint.channel(), checkpoint.state(),
                CommittedState.checkpointHeaders(checkpoint.partition(), checkpoint.offset())));
        output.quarantines().forEach(quarantine -> send(quarantine.channel(), new byte[0],
                CommittedState.quarantineHeaders(quarantine.partition(), quarantine.reason())));
        output.replayFrom().forEach((partition, offset) -> send(CommittedState.REPLAY_FROM_PREFIX + partition,
                CommittedState.bytes(Long.toString(offset)), new RecordHeaders()));
        output.waiting().forEach(waiting -> send(CommittedState.WAITING_PREFIX + waiting.channel(),
                waiting.offset() < 0 ? new byte[0] : CommittedState.bytes(Long.toString(waiting.offset())),
                CommittedState.waitingHeaders(waiting.partition())));
        producer.sendOffsetsToTransaction(next.entrySet().stream().collect(Collectors.toMap(
                entry -> new TopicPartition(Topics.RAW, entry.getKey()), entry -> new OffsetAndMetadata(entry.getValue()))),
                new ConsumerGroupMetadata(group));
    }

    private void send(String key, byte[] value, RecordHeaders headers) {
        producer.send(new ProducerRecord<>(topic, null, key, value, headers));
    }

    @Override
    public void close() {
        producer.close();
    }
}

package space.telemetry.detector.repository;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import space.telemetry.contract.Topics;
import space.telemetry.detector.config.DetectorServiceConfig;

/** Reads the committed channel checkpoints, and re-reads the raw points a restore needs beyond them. */
@ApplicationScoped
public class DetectorStateRepository {
    private static final Logger LOG = Logger.getLogger(DetectorStateRepository.class);
    private final DetectorServiceConfig config;
    private final String bootstrapServers;
    private final Map<String, Object> kafkaConfig;

    /**
     * @param kafkaConfig the global {@code kafka.*} settings (from properties and KAFKA_* variables): the security
     *                    settings of an authenticated cluster (SASL/SCRAM, TLS) apply to these consumers too
     */
    public DetectorStateRepository(DetectorServiceConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.kafkaConfig = kafkaConfig;
    }

    /** The committed state of the given raw partitions, read to the end of the state topic (blocking). */
    public CommittedState load(Set<Integer> partitions) {
        CommittedState state = new CommittedState();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            Instant deadline = Instant.now().plus(config.stateLoadTimeout());
            List<TopicPartition> topicPartitions = consumer.partitionsFor(config.stateTopic(),
                    config.stateLoadTimeout()).stream().map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(topicPartitions);
            consumer.seekToBeginning(topicPartitions);
            Map<TopicPartition, Long> end = settledEnd(consumer, topicPartitions,
                    Instant.now().plus(config.stateLoadTimeout().dividedBy(2)));
            while (topicPartitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                checkDeadline(deadline, "reading " + config.stateTopic());
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    state.apply(record.key(), record.value(), record.headers(), partitions);
                }
            }
        }
        return state;
    }

    /**
     * The state topic's read_committed end offsets once every transaction open when it is called has ended: a batch
     * whose consumer offsets are committed may still have its commit markers on their way to the state partitions,
     * and its state records would be missed. Waits till each partition's read_committed end reaches its end as
     * written (read_uncommitted) at the start; past {@code settleBy} (half of {@code detector.state-load-timeout}),
     * goes on with what is readable (and says so).
     */
    private Map<TopicPartition, Long> settledEnd(KafkaConsumer<String, byte[]> consumer,
            List<TopicPartition> partitions, Instant settleBy) {
        Properties props = consumerProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        Map<TopicPartition, Long> written;
        try (KafkaConsumer<byte[], byte[]> uncommitted = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            written = uncommitted.endOffsets(partitions, config.stateLoadTimeout());
        }
        while (true) {
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, config.stateLoadTimeout());
            if (partitions.stream().allMatch(p -> end.get(p) >= written.get(p))) {
                return end;
            }
            if (Instant.now().isAfter(settleBy)) {
                LOG.warnf("%s: transactions still open after %s; reading what is committed so far",
                        config.stateTopic(), config.stateLoadTimeout().dividedBy(2));
                return end;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + config.stateTopic(), e);
            }
        }
    }

    /**
     * Whether telemetry.raw partition {@code partition} holds a committed record in [from, to) (blocking): the offsets
     * in between may also be transaction markers, aborted records or records deleted by retention, which hold none.
     */
    public boolean holdsRecords(int partition, long from, long to) {
        return !scan(partition, from, to, false, record -> false);
    }

    /** Hands every record of telemetry.raw partition {@code partition} in [from, to) to {@code handler} (blocking). */
    public void replay(int partition, long from, long to, Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        scan(partition, from, to, true, record -> {
            handler.accept(record);
            return true;
        });
    }

    /** Reads [from, to) of a telemetry.raw partition while {@code handler} says go on; true if it reached {@code to}. */
    private boolean scan(int partition, long from, long to, boolean warnIfGone,
            Predicate<ConsumerRecord<byte[], byte[]>> handler) {
        TopicPartition raw = new TopicPartition(Topics.RAW, partition);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(raw));
            long first = consumer.beginningOffsets(List.of(raw)).get(raw);
            if (first > from && warnIfGone) {
                LOG.warnf("%s: records %d to %d are gone (retention shorter than detector.checkpoint.max-age?): "
                        + "the channels of this partition resume with a gap", raw, from, first - 1);
            }
            consumer.seek(raw, Math.max(from, first));
            Instant deadline = Instant.now().plus(config.stateLoadTimeout());
            while (consumer.position(raw) < to) {
                checkDeadline(deadline, "reading " + raw + " from " + from + " to " + to);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < to && !handler.test(record)) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        kafkaConfig.forEach((key, value) -> {
            if (ConsumerConfig.configNames().contains(key)) {
                props.put(key, value.toString());
            }
        });
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(8 * 1024 * 1024));
        return props;
    }

    private void checkDeadline(Instant deadline, String what) {
        if (Instant.now().isAfter(deadline)) {
            throw new IllegalStateException(what + " took longer than " + config.stateLoadTimeout());
        }
    }
}

package space.telemetry.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import space.telemetry.contract.TelemetryCodec;
import space.telemetry.contract.TelemetryPoint;
import space.telemetry.contract.Topics;
import space.telemetry.localinfra.KafkaBroker;

/** Reads telemetry.raw of the shared test broker from offsets marked before a test (no consumer group). */
final class RawTopic {
    private RawTopic() {
    }

    /** The current end offsets of every partition of telemetry.raw. */
    static Map<TopicPartition, Long> mark() {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RAW).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }

    /** Records after {@code from} whose key is one of {@code keys}, waiting until {@code expected} have arrived. */
    static List<ConsumerRecord<String, TelemetryPoint>> read(Map<TopicPartition, Long> from, Set<String> keys,
            int expected, Duration timeout) {
        return readValues(from, keys, expected, timeout).stream().map(record -> new ConsumerRecord<>(record.topic(),
                record.partition(), record.offset(), record.key(),
                TelemetryCodec.readPoint(record.key(), record.value()))).toList();
    }

    /** The records as they are on the topic, not decoded. */
    static List<ConsumerRecord<String, byte[]>> readValues(Map<TopicPartition, Long> from, Set<String> keys,
            int expected, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (keys.contains(record.key())) {
                        records.add(record);
                    }
                }
            }
            // a short extra poll to catch records beyond the expected count
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (keys.contains(record.key())) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
}

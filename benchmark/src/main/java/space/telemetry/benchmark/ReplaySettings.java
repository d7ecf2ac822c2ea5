package space.telemetry.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * What the benchmark copies from replay-service's application.properties (default profile): the settings of its
 * {@code telemetry.raw} producer that are Kafka producer configs (acks, idempotence, linger, batch size; not the
 * serializers), and the event-time period that maps a speed factor to a rate.
 */
record ReplaySettings(Map<String, String> producer, Duration period) {
    private static final String RAW_CHANNEL = "mp.messaging.outgoing.telemetry-raw.";

    static ReplaySettings read(Path applicationProperties) {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(applicationProperties, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + applicationProperties, e);
        }
        Map<String, String> producer = new TreeMap<>();
        properties.stringPropertyNames().stream().filter(name -> name.startsWith(RAW_CHANNEL)).forEach(name -> {
            String key = name.substring(RAW_CHANNEL.length());
            if (ProducerConfig.configNames().contains(key) && !key.endsWith(".serializer")) {
                producer.put(key, properties.getProperty(name));
            }
        });
        return new ReplaySettings(Map.copyOf(producer), Duration.parse(properties.getProperty("replay.period", "PT1M")));
    }

    /** The speed factor at which {@code channels} channels together send {@code recordsPerSecond}. */
    double speedFor(double recordsPerSecond, int channels) {
        return recordsPerSecond * period.toNanos() / 1e9 / channels;
    }
}

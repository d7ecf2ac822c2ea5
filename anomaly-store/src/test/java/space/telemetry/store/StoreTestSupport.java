package space.telemetry.store;

import static org.awaitility.Awaitility.await;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.EventState;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryJson;
import space.telemetry.contract.Topics;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBroker;
import space.telemetry.localinfra.LocalCredentials;
import space.telemetry.localinfra.PostgresDatabase;

/** Test helpers on the real infrastructure: the in-JVM broker and the local test database. */
public final class StoreTestSupport {
    /** The database the tests point the service at. */
    public static final String DATABASE = "anomalies_test";
    public static final Instant T0 = Instant.parse("2018-05-01T00:00:00Z");

    private StoreTestSupport() {
    }

    /** A request with a viewer's bearer token, signed by the test JVM's key. */
    public static RequestSpecification asViewer() {
        return RestAssured.given().auth().oauth2(JwtTestResource.token(LocalCredentials.VIEWER));
    }

    public static PostgresDatabase database() {
        return PostgresDatabase.fromEnvironment(DATABASE);
    }

    /** Empties the events table (created by the service's migration at start-up), with the events' verdicts. */
    public static void truncateEvents() {
        database().execute("TRUNCATE events CASCADE");
    }

    /** Number of rows stored under this id. */
    public static long rowCount(String id) {
        try (Connection connection = database().connect();
                PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM events WHERE id = ?")) {
            query.setObject(1, UUID.fromString(id));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Number of rows in the events table. */
    public static long rowCount() {
        try (Connection connection = database().connect();
                PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM events");
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Inserts points of one channel and split by SQL (as the scores consumer stores them): index {@code firstIndex + i}
     * at {@code start + i * step}, {@code values[i]}, {@code scores[i]}, threshold 0.5; and moves the channel's latest
     * state to the last of them.
     */
    public static void insertPoints(String channel, String spacecraft, String split, long firstIndex, Instant start,
            Duration step, double[] values, float[] scores) {
        insertPoints(database(), channel, spacecraft, split, firstIndex, start, step, values, scores);
    }

    /** {@link #insertPoints(String, String, String, long, Instant, Duration, double[], float[])} into {@code db}. */
    public static void insertPoints(PostgresDatabase db, String channel, String spacecraft, String split,
            long firstIndex, Instant start, Duration step, double[] values, float[] scores) {
        try (Connection connection = db.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO points (channel, split, idx,"
                    + " time, value, score, threshold) VALUES (?, ?, ?, ?, ?, ?, 0.5)")) {
                for (int i = 0; i < values.length; i++) {
                    insert.setString(1, channel);
                    insert.setString(2, split);
                    insert.setLong(3, firstIndex + i);
                    insert.setObject(4, start.plus(step.multipliedBy(i)).atOffset(ZoneOffset.UTC));
                    insert.setDouble(5, values[i]);
                    insert.setFloat(6, scores[i]);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            int last = values.length - 1;
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO channels (channel, spacecraft,"
                    + " last_split, last_index, last_time, last_value, last_score, threshold) VALUES (?, ?, ?, ?, ?,"
                    + " ?, ?, 0.5) ON CONFLICT (channel) DO UPDATE SET last_split = excluded.last_split,"
                    + " last_index = excluded.last_index, last_time = excluded.last_time,"
                    + " last_value = excluded.last_value, last_score = excluded.last_score, updated_at = now()")) {
                upsert.setString(1, channel);
                upsert.setString(2, spacecraft);
                upsert.setString(3, split);
                upsert.setLong(4, firstIndex + last);
                upsert.setObject(5, start.plus(step.multipliedBy(last)).atOffset(ZoneOffset.UTC));
                upsert.setDouble(6, values[last]);
                upsert.setFloat(7, scores[last]);
                upsert.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request with an operator's bearer token. */
    public static RequestSpecification asOperator() {
        return RestAssured.given().auth().oauth2(JwtTestResource.token(LocalCredentials.OPERATOR));
    }

    /** Sends events and waits until each has its row. */
    public static void sendAndAwait(AnomalyEvent... events) {
        send(events);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Arrays.stream(events).allMatch(e -> rowCount(e.id()) == 1));
    }

    /** An event on a test split, its id derived like the detector does. */
    public static AnomalyEvent event(String spacecraft, String channel, String detector, long startIndex,
            long endIndex, EventState state, long revision, double peakScore) {
        return new AnomalyEvent(AnomalyEvent.idFor(channel, detector, Split.TEST, startIndex), spacecraft, channel,
                detector, Split.TEST, startIndex, endIndex, startIndex + 2, T0.plusSeconds(60 * startIndex),
                T0.plusSeconds(60 * endIndex), T0.plusSeconds(60 * (startIndex + 2)), peakScore, 3.0, state,
                revision);
    }

    /** A fresh channel name, so that tests do not see each other's records. */
    public static String uniqueChannel(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Sends records to telemetry.anomalies, keyed by channel, and waits until the broker has them. */
    public static void send(AnomalyEvent... events) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (AnomalyEvent event : events) {
                producer.send(new ProducerRecord<>(Topics.ANOMALIES, event.channel(), TelemetryJson.write(event)))
                        .get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + Topics.ANOMALIES, e);
        }
    }

    /** Sends a raw value to telemetry.anomalies under the given key. */
    public static void sendRaw(String key, byte[] value) {
        sendRaw(Topics.ANOMALIES, key, value);
    }

    /** Sends a raw value to {@code topic} under the given key. */
    public static void sendRaw(String topic, String key, byte[] value) {
        sendRaw(topic, key, value, List.of());
    }

    /** Sends a raw value with headers to {@code topic} under the given key. */
    public static void sendRaw(String topic, String key, byte[] value, List<Header> headers) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, null, key, value, headers)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /** Every record currently on telemetry.dlq whose key is {@code key}. */
    public static List<ConsumerRecord<byte[], byte[]>> deadLetters(String key) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DLQ).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && key.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    /** The value of a record header as text, null when absent. */
    public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props);
    }
}

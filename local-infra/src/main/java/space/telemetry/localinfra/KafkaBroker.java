package space.telemetry.localinfra;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.net.ServerSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** A single-node KRaft Kafka broker in this JVM (no Docker), and the platform's topics on it. */
public final class KafkaBroker implements AutoCloseable {
    private static KafkaBroker shared;

    private final EmbeddedKafkaBroker broker;
    private final String bootstrapServers;

    private KafkaBroker(int port, Path logDir) {
        int kafkaPort = port > 0 ? port : freePort();
        EmbeddedKafkaBroker embedded = new EmbeddedKafkaBroker()
                .withNodeId(0)
                .withKafkaHost("127.0.0.1")
                .withKafkaPort(kafkaPort)
                .withControllerPort(freePort())
                .withDeleteLogDirsOnClose(logDir == null)
                .withAdditionalProperties(props -> {
                    props.put("auto.create.topics.enable", "false");
                    props.put("transaction.state.log.num.partitions", "4");
                    props.put("offsets.topic.num.partitions", "4");
                    if (logDir != null) {
                        props.put("log.dir", logDir.toAbsolutePath().toString());
                    }
                });
        this.broker = embedded.start();
        this.bootstrapServers = "127.0.0.1:" + kafkaPort;
    }

    /** Starts a broker on the given port (0 for a free one), keeping its log in {@code logDir} (null: a temp dir). */
    public static KafkaBroker start(int port, Path logDir) {
        return new KafkaBroker(port, logDir);
    }

    /** The broker shared by all tests of this JVM, started on first use with the platform topics. */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            shared = start(0, null);
            shared.createTopics(3);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates the platform topics if missing; the data topics get {@code partitions} partitions. */
    public void createTopics(int partitions) {
        createTopics(bootstrapServers, partitions);
    }

    /**
     * Topic settings as in the cluster's KafkaTopics ({@code k8s/kafka/topics.yaml}, deploy-tests compare them), but
     * for replication: retention, and compaction of the detector's checkpoints.
     */
    public static final Map<String, Map<String, String>> TOPIC_CONFIGS = Map.of(
            "telemetry.raw", Map.of(TopicConfig.RETENTION_MS_CONFIG, "604800000"),
            "telemetry.anomalies", Map.of(TopicConfig.RETENTION_MS_CONFIG, "2592000000"),
            "telemetry.scores", Map.of(TopicConfig.RETENTION_MS_CONFIG, "604800000"),
            "telemetry.dlq", Map.of(TopicConfig.RETENTION_MS_CONFIG, "2592000000",
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "2097152"),
            "telemetry.detector-state", Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0", TopicConfig.SEGMENT_MS_CONFIG, "3600000"));

    /** Creates the platform topics on any cluster, if missing: raw, anomalies, scores, dead letters, checkpoints. */
    public static void createTopics(String bootstrapServers, int partitions) {
        List<NewTopic> topics = List.of(
                new NewTopic("telemetry.raw", partitions, (short) 1),
                new NewTopic("telemetry.anomalies", partitions, (short) 1),
                new NewTopic("telemetry.scores", partitions, (short) 1),
                new NewTopic("telemetry.dlq", 1, (short) 1),
                new NewTopic("telemetry.detector-state", partitions, (short) 1));
        topics.forEach(topic -> topic.configs(TOPIC_CONFIGS.get(topic.name())));
        try (Admin admin = admin(bootstrapServers)) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
                    }
                }
            }
            // created means committed by the controller; the broker's metadata follows a moment later
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!admin.listTopics().names().get(30, TimeUnit.SECONDS).containsAll(TOPIC_CONFIGS.keySet())) {
                if (System.nanoTime() > deadline) {
                    throw new java.util.concurrent.TimeoutException("topics not visible");
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("topic creation timed out on " + bootstrapServers, e);
        }
    }

    public static Admin admin(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(props);
    }

    @Override
    public void close() {
        broker.close();
    }

    /** A TCP port that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

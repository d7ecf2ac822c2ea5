package space.telemetry.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import space.telemetry.core.eval.OfflineDetection;
import space.telemetry.core.model.AnomalyEvent;
import space.telemetry.core.model.TelemetryJson;
import space.telemetry.core.model.Topics;
import space.telemetry.localinfra.KafkaBroker;
import space.telemetry.localinfra.PostgresDatabase;
import space.telemetry.localinfra.TopicClient;

/**
 * The whole platform on one machine without Docker: a KRaft broker in this JVM, a database on the local
 * PostgreSQL, and the three packaged services as child JVMs.
 */
public final class LocalPipeline implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    /** Where things are and which ports to use. */
    public record Settings(Path projectRoot, Path dataDir, String database, int kafkaPort, int replayPort,
            int detectorPort, int storePort, int partitions) {
    }

    private final Settings settings;
    private final KafkaBroker broker;
    private final PostgresDatabase database;
    private final ServiceProcess replay;
    private final ServiceProcess detector;
    private final ServiceProcess store;

    private LocalPipeline(Settings settings) {
        this.settings = settings;
        this.database = PostgresDatabase.fromEnvironment(settings.database()).ensureExists();
        this.broker = KafkaBroker.start(settings.kafkaPort(), null);
        broker.createTopics(settings.partitions());
        Path root = settings.projectRoot();
        Path logs = root.resolve("target/local-pipeline/logs");
        String kafka = broker.bootstrapServers();
        this.replay = new ServiceProcess("replay-service", jar(root, "replay-service"), settings.replayPort(),
                Map.of("kafka.bootstrap.servers", kafka, "replay.data-dir", settings.dataDir().toString()), logs);
        this.detector = new ServiceProcess("detector-service", jar(root, "detector-service"), settings.detectorPort(),
                Map.of("kafka.bootstrap.servers", kafka,
                        "detector.config-file", root.resolve("configs/detectors.yaml").toString()), logs);
        Map<String, String> storeProps = new HashMap<>(database.quarkusConfig());
        storeProps.put("kafka.bootstrap.servers", kafka);
        this.store = new ServiceProcess("anomaly-store", jar(root, "anomaly-store"), settings.storePort(), storeProps,
                logs);
    }

    /** Starts broker, database and services; each service is ready when this returns. */
    public static LocalPipeline start(Settings settings) {
        LocalPipeline pipeline = new LocalPipeline(settings);
        try {
            pipeline.store.start(START_TIMEOUT);
            pipeline.detector.start(START_TIMEOUT);
            pipeline.replay.start(START_TIMEOUT);
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    private static Path jar(Path root, String module) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public PostgresDatabase database() {
        return database;
    }

    public ServiceProcess replayService() {
        return replay;
    }

    public ServiceProcess detectorService() {
        return detector;
    }

    public ServiceProcess anomalyStore() {
        return store;
    }

    /** Empties the events table (the store has created it by now). */
    public void clearEvents() {
        database.execute("TRUNCATE events");
    }

    /** Starts a replay; returns its id. */
    public String startReplay(Map<String, Object> request) {
        return Http.post(replay.url() + "/replays", request).get("id").asText();
    }

    public JsonNode replayStatus(String id) {
        return Http.get(replay.url() + "/replays/" + id);
    }

    /** Waits for the replay to finish; fails if it did not complete. */
    public JsonNode awaitReplay(String id, Duration timeout, java.util.function.Consumer<JsonNode> progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = 0;
        while (System.nanoTime() < deadline) {
            JsonNode status = replayStatus(id);
            String state = status.get("state").asText();
            if (!state.equals("RUNNING")) {
                if (!state.equals("COMPLETED")) {
                    throw new IllegalStateException("replay " + id + " ended " + state + ": " + status.path("error"));
                }
                return status;
            }
            if (System.nanoTime() > nextReport) {
                progress.accept(status);
                nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            }
            ServiceProcess.sleep(200);
        }
        throw new IllegalStateException("replay " + id + " did not finish within " + timeout);
    }

    /**
     * Waits until the detector has committed every record of {@code telemetry.raw} and the events table holds
     * exactly the latest version of every event on {@code telemetry.anomalies}; returns those events.
     */
    public Map<String, AnomalyEvent> awaitSettled(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = KafkaBroker.admin(broker.bootstrapServers());
                TopicClient topics = new TopicClient(broker.bootstrapServers())) {
            while (detectorLag(admin) > 0) {
                check(deadline, "the detector to consume telemetry.raw");
                ServiceProcess.sleep(250);
            }
            Map<String, AnomalyEvent> published = OfflineDetection.latestVersions(topics.readAll(Topics.ANOMALIES)
                    .stream().map(r -> TelemetryJson.readEvent(r.value())).toList());
            Map<String, String> expected = versions(published);
            while (!storedVersions().equals(expected)) {
                check(deadline, "the store to hold all " + expected.size() + " events");
                ServiceProcess.sleep(250);
            }
            return published;
        }
    }

    /** Records of telemetry.raw the detector has not committed yet. */
    public long detectorLag(Admin admin) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("detector-service")
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            List<TopicPartition> partitions = admin.describeTopics(List.of(Topics.RAW)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(Topics.RAW).partitions().stream()
                    .map(p -> new TopicPartition(Topics.RAW, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            long lag = 0;
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata done = committed.get(partition);
                lag += ends.get(partition).offset() - (done == null ? 0 : done.offset());
            }
            return lag;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the detector's lag: " + e.getMessage(), e);
        }
    }

    /** id to {@link #version} of each event. */
    public static Map<String, String> versions(Map<String, AnomalyEvent> events) {
        return events.values().stream().collect(Collectors.toMap(AnomalyEvent::id,
                e -> version(e.state().wireName(), e.revision(), e.endIndex(), e.peakScore())));
    }

    /** What identifies an event's version: state, revision, end index and peak score. */
    private static String version(String state, long revision, long endIndex, double peakScore) {
        return state + "@" + revision + " end " + endIndex + " peak " + peakScore;
    }

    /** id to {@link #version} of every row in events. */
    public Map<String, String> storedVersions() {
        Map<String, String> rows = new HashMap<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT id::text, state, revision, end_index, peak_score FROM events")) {
            while (result.next()) {
                rows.put(result.getString(1), version(result.getString(2), result.getLong(3), result.getLong(4),
                        result.getDouble(5)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read events: " + e.getMessage(), e);
        }
        return rows;
    }

    private static void check(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("timed out waiting for " + what);
        }
    }

    @Override
    public void close() {
        for (ServiceProcess service : List.of(replay, detector, store)) {
            service.close();
        }
        broker.close();
    }
}

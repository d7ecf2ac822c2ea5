package space.telemetry.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.TelemetryJson;
import space.telemetry.contract.Topics;
import space.telemetry.detection.OfflineDetection;
import space.telemetry.localinfra.FaultProxy;
import space.telemetry.localinfra.KafkaBroker;
import space.telemetry.localinfra.LocalCredentials;
import space.telemetry.localinfra.PostgresDatabase;
import space.telemetry.localinfra.TopicClient;

/** The whole platform on one machine without Docker: in-JVM broker, local PostgreSQL, services as child JVMs. */
public final class LocalPipeline implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

    /**
     * Where things are, the data topics' partitions, how many detector instances start (1 or more), the ports of
     * the broker and of the first instance of each service, whether the detectors publish per-point scores, extra
     * JVM options per service module (e.g. {@code detector-service}: a flight recording), and whether the store
     * reaches PostgreSQL through a {@link FaultProxy} that a test can cut.
     */
    public record Settings(Path projectRoot, Path dataDir, String database, int partitions, int detectors,
            Ports ports, boolean scores, Map<String, List<String>> jvmOptions, boolean databaseProxy) {

        public Settings {
            jvmOptions = Map.copyOf(jvmOptions);
        }

        /** With per-point scores (the default), no extra JVM options, the store connected to PostgreSQL directly. */
        public Settings(Path projectRoot, Path dataDir, String database, int partitions, int detectors, Ports ports) {
            this(projectRoot, dataDir, database, partitions, detectors, ports, true, Map.of(), false);
        }

        /** These settings with or without per-point scores. */
        public Settings withScores(boolean enabled) {
            return new Settings(projectRoot, dataDir, database, partitions, detectors, ports, enabled, jvmOptions,
                    databaseProxy);
        }

        /** These settings with other extra JVM options per service module. */
        public Settings withJvmOptions(Map<String, List<String>> options) {
            return new Settings(projectRoot, dataDir, database, partitions, detectors, ports, scores, options,
                    databaseProxy);
        }

        /**
         * These settings with the store connected to PostgreSQL through a {@link FaultProxy}, for tests of outages:
         * every round trip then crosses two more threads in this JVM, so runs that measure go without it.
         */
        public Settings withDatabaseProxy() {
            return new Settings(projectRoot, dataDir, database, partitions, detectors, ports, scores, jvmOptions, true);
        }
    }

    /** The broker's port and each service's API and management ports. */
    public record Ports(int kafka, int replay, int replayManagement, int detector, int detectorManagement, int store,
            int storeManagement) {

        /** The usual ports (Kafka 9092, APIs 8081-8083, management 9081-9083), each plus {@code offset}. */
        public static Ports standard(int offset) {
            return new Ports(9092 + offset, 8081 + offset, 9081 + offset, 8082 + offset, 9082 + offset, 8083 + offset,
                    9083 + offset);
        }

        /** Free ports, chosen now (for tests). */
        public static Ports free() {
            return new Ports(KafkaBroker.freePort(), KafkaBroker.freePort(), KafkaBroker.freePort(),
                    KafkaBroker.freePort(), KafkaBroker.freePort(), KafkaBroker.freePort(), KafkaBroker.freePort());
        }

        public Ports withKafka(int port) {
            return new Ports(port, replay, replayManagement, detector, detectorManagement, store, storeManagement);
        }

        /** Each port and what needs it. */
        Map<Integer, String> roles() {
            Map<Integer, String> roles = new LinkedHashMap<>();
            roles.put(kafka, "Kafka broker");
            roles.put(replay, "replay-service API");
            roles.put(replayManagement, "replay-service management");
            roles.put(detector, "detector-service API");
            roles.put(detectorManagement, "detector-service management");
            roles.put(store, "anomaly-store API");
            roles.put(storeManagement, "anomaly-store management");
            return roles;
        }
    }

    private final Settings settings;
    private final Path runDirectory;
    private final Path watchdog;
    private final LocalCredentials credentials;
    private final String operatorToken;
    private final String viewerToken;
    private final PostgresDatabase database;
    private final FaultProxy databaseProxy;
    private final ServiceProcess replay;
    private final List<ServiceProcess> detectors = new CopyOnWriteArrayList<>();
    private final ServiceProcess store;
    private final Thread shutdownHook = new Thread(this::close, "local-pipeline-shutdown");
    private KafkaBroker broker;
    private boolean closed;

    /** Prepares files and service definitions; starts nothing but the database proxy, when there is one. */
    private LocalPipeline(Settings settings) {
        this.settings = settings;
        Path root = settings.projectRoot();
        this.runDirectory = root.resolve("target/local-pipeline");
        this.watchdog = ParentWatchdog.writeJar(runDirectory.resolve("watchdog.jar"));
        this.credentials = LocalCredentials.create(runDirectory.resolve("credentials"));
        this.operatorToken = credentials.token("local-operator", Set.of(LocalCredentials.OPERATOR), TOKEN_LIFETIME);
        this.viewerToken = credentials.token("local-viewer", Set.of(LocalCredentials.VIEWER), TOKEN_LIFETIME);
        writeToken(LocalCredentials.OPERATOR, operatorToken);
        writeToken(LocalCredentials.VIEWER, viewerToken);
        this.database = PostgresDatabase.fromEnvironment(settings.database()).ensureExists();
        Ports ports = settings.ports();
        this.replay = service("replay-service", "replay-service", ports.replay(), ports.replayManagement(),
                Map.of("replay.data-dir", settings.dataDir().toString()));
        this.detectors.add(detector(1, ports.detector(), ports.detectorManagement()));
        for (int instance = 2; instance <= settings.detectors(); instance++) {
            detectors.add(detector(instance, KafkaBroker.freePort(), KafkaBroker.freePort()));
        }
        this.databaseProxy = settings.databaseProxy() ? FaultProxy.start(database.host(), database.port(), 0) : null;
        PostgresDatabase storeDatabase = databaseProxy == null ? database : new PostgresDatabase("127.0.0.1",
                databaseProxy.port(), database.user(), database.password(), database.name());
        this.store = service("anomaly-store", "anomaly-store", ports.store(), ports.storeManagement(),
                storeDatabase.quarkusConfig());
    }

    /**
     * Checks that every port is free, then starts the broker and the services; each service is ready when this
     * returns. The run directory is {@code target/local-pipeline/} (logs, signing key, tokens). {@link #close}, or
     * the end of this JVM (a shutdown hook), stops everything; if this JVM is killed, the services exit by themselves
     * ({@link ParentWatchdog}). Fault tests can {@link ServiceProcess#kill kill} any service and
     * {@link ServiceProcess#start start} it again (same ports, same detector instance id).
     */
    public static LocalPipeline start(Settings settings) {
        return start(settings, true);
    }

    /**
     * Checks that every port is free, then starts the broker (topics created) and the replay service only: what the
     * benchmark's "replay alone" measures the replay against Kafka's own producer with. The detector and the store
     * are not started ({@link #close} leaves them alone).
     */
    public static LocalPipeline startReplayOnly(Settings settings) {
        return start(settings, false);
    }

    private static LocalPipeline start(Settings settings, boolean detectionAndStore) {
        PortCheck.requireFree(settings.ports().roles());
        LocalPipeline pipeline = new LocalPipeline(settings);
        Runtime.getRuntime().addShutdownHook(pipeline.shutdownHook);
        try {
            KafkaBroker started = KafkaBroker.start(settings.ports().kafka(), null);
            synchronized (pipeline) {
                pipeline.broker = started;
            }
            started.createTopics(settings.partitions());
            if (detectionAndStore) {
                pipeline.store.start(START_TIMEOUT);
                pipeline.detectors.forEach(detector -> detector.start(START_TIMEOUT));
            }
            pipeline.replay.start(START_TIMEOUT);
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    /**
     * The application.properties keys with a service's JVM options: the environment its pods get
     * ({@code GC_CONTAINER_OPTIONS}, which replaces the image's collector, and {@code JAVA_OPTS_APPEND}, which comes
     * last on the image's command line), so that the local pipeline runs each service as the pods do.
     */
    static final List<String> JVM_OPTION_KEYS = List.of("quarkus.kubernetes.env.vars.gc-container-options",
            "quarkus.kubernetes.env.vars.java-opts-append");

    /**
     * The JVM options ({@code -X...}) of a service module as its pods get them, read from its
     * {@code src/main/resources/application.properties} ({@link #JVM_OPTION_KEYS}); its system properties
     * ({@code -D...}, e.g. the pods' HTTP host) are left out: the local pipeline sets its own. A missing file is an
     * error: the services would run with the JVM's defaults, unlike their pods.
     */
    static List<String> podJvmOptions(Path projectRoot, String module) {
        Path file = projectRoot.resolve(module).resolve("src/main/resources/application.properties");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no " + file + ": the JVM options of " + module + " are read from it");
        }
        java.util.Properties properties = new java.util.Properties();
        try (var reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<String> options = new ArrayList<>();
        for (String key : JVM_OPTION_KEYS) {
            String value = properties.getProperty(key, "").trim();
            for (String option : value.isEmpty() ? new String[0] : value.split("\\s+")) {
                if (option.startsWith("-X")) {
                    options.add(option);
                }
            }
        }
        return options;
    }

    /** The service packaged by {@code module}, named {@code name}, trusting this run's key and using its broker. */
    private ServiceProcess service(String module, String name, int port, int managementPort,
            Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.putAll(credentials.serviceConfig());
        all.put("kafka.bootstrap.servers", bootstrapServers());
        return new ServiceProcess(name, settings.projectRoot().resolve(module + "/target/quarkus-app/quarkus-run.jar"),
                port, managementPort, all, jvmOptions(module),
                runDirectory.resolve("logs"), watchdog);
    }

    private List<String> jvmOptions(String module) {
        List<String> options = new ArrayList<>(podJvmOptions(settings.projectRoot(), module));
        options.addAll(settings.jvmOptions().getOrDefault(module, List.of()));
        return options;
    }

    private ServiceProcess detector(int instance, int port, int managementPort) {
        String id = "detector-" + instance;
        return service("detector-service", "detector-service-" + instance, port, managementPort, Map.of(
                "detector.config-file", settings.projectRoot().resolve("configs/detectors.yaml").toString(),
                "detector.instance-id", id,
                "detector.scores.enabled", Boolean.toString(settings.scores())));
    }

    private void writeToken(String role, String token) {
        try {
            Path file = tokensDirectory().resolve(role + ".jwt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, token);
            // a bearer token is a password: readable by this user only
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts one more detector instance (id {@code detector-N}, free ports) and waits until it is ready. */
    public ServiceProcess addDetector() {
        ServiceProcess detector = detector(detectors.size() + 1, KafkaBroker.freePort(), KafkaBroker.freePort());
        detectors.add(detector);
        return detector.start(START_TIMEOUT);
    }

    /** The detector instances, in the order they were added (running or not). */
    public List<ServiceProcess> detectors() {
        return List.copyOf(detectors);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + settings.ports().kafka();
    }

    public PostgresDatabase database() {
        return database;
    }

    /** The proxy between the store and PostgreSQL: {@link FaultProxy#cut} simulates a database outage. */
    public FaultProxy databaseProxy() {
        if (databaseProxy == null) {
            throw new IllegalStateException("started without a database proxy: see Settings.withDatabaseProxy()");
        }
        return databaseProxy;
    }

    public ServiceProcess replayService() {
        return replay;
    }

    /** The first detector instance. */
    public ServiceProcess detectorService() {
        return detectors.get(0);
    }

    public ServiceProcess anomalyStore() {
        return store;
    }

    public String replayUrl() {
        return replay.url();
    }

    public String storeUrl() {
        return store.url();
    }

    /** Health ({@code /q/health/ready}) and metrics ({@code /q/metrics}) of a service. */
    public String managementUrl(ServiceProcess service) {
        return service.managementUrl();
    }

    /** A bearer token with role operator (12 h), also in {@code tokens/operator.jwt}. */
    public String operatorToken() {
        return operatorToken;
    }

    /** A bearer token with role viewer (12 h), also in {@code tokens/viewer.jwt}. */
    public String viewerToken() {
        return viewerToken;
    }

    /** {@code target/local-pipeline/tokens}: operator.jwt and viewer.jwt. */
    public Path tokensDirectory() {
        return runDirectory.resolve("tokens");
    }

    /** Empties the events (with their verdicts), points and channels tables (the store has created them by now). */
    public void clearEvents() {
        database.execute("TRUNCATE events, points, channels CASCADE");
    }

    /**
     * Imports the data directory's labels file ({@code labeled_anomalies.csv}, NASA's) into the store as source
     * {@code nasa}, for the console's label band; returns the store's answer, or null when there is no such file.
     */
    public JsonNode importLabels() {
        Path file = settings.dataDir().resolve("labeled_anomalies.csv");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Http.post(store.url() + "/labels?source=nasa", operatorToken, "text/csv", Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Starts a replay; returns its id. */
    public String startReplay(Map<String, Object> request) {
        return Http.post(replay.url() + "/replays", operatorToken, request).get("id").asText();
    }

    /** Asks a running replay to stop; it reports STOPPED once its in-flight sends are acknowledged. */
    public JsonNode stopReplay(String id) {
        return Http.post(replay.url() + "/replays/" + id + "/stop", operatorToken, Map.of());
    }

    public JsonNode replayStatus(String id) {
        return Http.get(replay.url() + "/replays/" + id, operatorToken);
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

    /** Bytes on the broker's disk per topic (all partitions): what each topic cost so far. */
    public Map<String, Long> topicBytes() {
        try (Admin admin = KafkaBroker.admin(broker.bootstrapServers())) {
            List<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                    .map(org.apache.kafka.common.Node::id).toList();
            Map<String, Long> bytes = new java.util.TreeMap<>();
            admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS).values()
                    .forEach(byDir -> byDir.values().forEach(dir -> dir.replicaInfos().forEach((partition, info) ->
                            bytes.merge(partition.topic(), info.size(), Long::sum))));
            return bytes;
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe the broker's log dirs: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the detector has committed every record of {@code telemetry.raw} with no channel waiting for a model
     * fit, the events table holds the latest version of every event on this broker's {@code telemetry.anomalies}
     * (rows of earlier runs are left alone) and the points table as many rows of the scored channels as {@code telemetry.scores} holds points (rows
     * of earlier runs count too: with them the wait may end early); returns those events.
     */
    public Map<String, AnomalyEvent> awaitSettled(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = KafkaBroker.admin(bootstrapServers());
                TopicClient topics = new TopicClient(bootstrapServers())) {
            do {
                while (detectorLag(admin) > 0) {
                    check(deadline, "the detector to consume telemetry.raw");
                    ServiceProcess.sleep(250);
                }
                // channels whose records are consumed but whose fit was not in: their results come later
                while (!waitingChannels(topics).isEmpty()) {
                    check(deadline, "the detector to publish the channels waiting for a model fit");
                    ServiceProcess.sleep(250);
                }
            } while (detectorLag(admin) > 0);
            Map<String, AnomalyEvent> published = OfflineDetection.latestVersions(topics.readAll(Topics.ANOMALIES)
                    .stream().map(r -> TelemetryJson.readEvent(r.value())).toList());
            Map<String, String> expected = versions(published);
            while (!holds(storedVersions(), expected)) {
                check(deadline, "the store to hold all " + expected.size() + " events");
                ServiceProcess.sleep(250);
            }
            Map<String, Long> scored = scoredPoints(topics);
            long points = scored.values().stream().mapToLong(Long::longValue).sum();
            while (pointRows(scored.keySet()) < points) {
                check(deadline, "the store to hold all " + points + " points");
                ServiceProcess.sleep(250);
            }
            return published;
        }
    }

    /**
     * Channels that, as the detector last committed, wait for a model fit: their records are consumed but their
     * results not published yet.
     */
    static java.util.Set<String> waitingChannels(TopicClient topics) {
        java.util.Set<String> waiting = new java.util.TreeSet<>();
        topics.scan(Topics.DETECTOR_STATE, record -> { // checkpoints are large: not kept
            if (record.key() != null && record.key().startsWith(Topics.WAITING_PREFIX)) {
                String channel = record.key().substring(Topics.WAITING_PREFIX.length());
                if (record.value() == null || record.value().length == 0) {
                    waiting.remove(channel);
                } else {
                    waiting.add(channel);
                }
            }
        });
        return waiting;
    }

    /** Points per channel on this broker's telemetry.scores (each point is published once). */
    private static Map<String, Long> scoredPoints(TopicClient topics) {
        Map<String, Long> points = new HashMap<>();
        topics.readAll(Topics.SCORES).forEach(record -> points.merge(record.key(),
                (long) TelemetryJson.readScores(record.key(), record.value()).size(), Long::sum));
        return points;
    }

    /** Rows in table points of these channels. */
    private long pointRows(Set<String> channels) {
        if (channels.isEmpty()) {
            return 0;
        }
        try (Connection connection = database.connect();
                java.sql.PreparedStatement query = connection.prepareStatement(
                        "SELECT count(*) FROM points WHERE channel = ANY (?)")) {
            query.setArray(1, connection.createArrayOf("text", channels.toArray()));
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count points: " + e.getMessage(), e);
        }
    }

    /** Rows in table points. */
    public long pointRows() {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM points")) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count points: " + e.getMessage(), e);
        }
    }

    /** Whether the stored versions (id to version) include every expected one; other rows do not matter. */
    static boolean holds(Map<String, String> stored, Map<String, String> expected) {
        return stored.entrySet().containsAll(expected.entrySet());
    }

    /** Records of telemetry.raw the detector has not committed yet. */
    public long detectorLag(Admin admin) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("detector-service")
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            long lag = 0;
            for (Map.Entry<TopicPartition, Long> end : rawEndOffsets(admin).entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                lag += end.getValue() - (done == null ? 0 : done.offset());
            }
            return lag;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the detector's lag: " + e.getMessage(), e);
        }
    }

    /** The records written to {@code telemetry.raw} so far (its partitions' end offsets). */
    public long rawRecords(Admin admin) {
        try {
            return rawEndOffsets(admin).values().stream().mapToLong(Long::longValue).sum();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offsets of " + Topics.RAW + ": " + e.getMessage(), e);
        }
    }

    private static Map<TopicPartition, Long> rawEndOffsets(Admin admin) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(Topics.RAW)).allTopicNames()
                .get(30, TimeUnit.SECONDS).get(Topics.RAW).partitions().stream()
                .map(p -> new TopicPartition(Topics.RAW, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
        return partitions.stream().collect(Collectors.toMap(p -> p, p -> ends.get(p).offset()));
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

    /**
     * Stops the services (SIGTERM, then SIGKILL after a grace period), the broker (deleting its data) and the
     * database proxy; runs at most once, also from the shutdown hook.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // this is the shutdown hook
        }
        List<ServiceProcess> services = new ArrayList<>(List.of(replay));
        services.addAll(detectors);
        services.add(store);
        services.forEach(ServiceProcess::close);
        if (broker != null) {
            broker.close();
        }
        if (databaseProxy != null) {
            databaseProxy.close();
        }
    }
}

package space.telemetry.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import space.telemetry.contract.Topics;
import space.telemetry.data.DatasetChannel;
import space.telemetry.data.TelemanomDataset;
import space.telemetry.detection.DetectionConfig;
import space.telemetry.evaluation.score.Detection;
import space.telemetry.evaluation.score.Evaluation;
import space.telemetry.localinfra.KafkaBroker;
import space.telemetry.localinfra.TopicClient;
import space.telemetry.pipeline.CommandLine;
import space.telemetry.pipeline.LocalPipeline;
import space.telemetry.pipeline.RunPipeline;
import space.telemetry.pipeline.ServiceProcess;

/**
 * {@code ./run-pipeline --benchmark}: in one run on one machine, Kafka's own producer and consumer performance
 * tools against the pipeline's broker with the pipeline's record count, size and producer settings; the in-process
 * detectors (the evaluation's offline detection); the replay at max speed and end to end; a paced run at a steady
 * rate for latency; memory and CPU per service, bytes per topic. Prints the table with ratios and writes it as JSON.
 */
public final class RunBenchmark {
    private static final String USAGE = """
            usage: run-pipeline --benchmark [--profile] [--flame] [--paced-rate N] [--paced-seconds S] [--threads N]
                                [--only PHASES] [--out DIR] [--data-dir DIR] [--database NAME] [--port-offset N] [--kafka-port PORT]
                                [--partitions N] [--without-scores]
              --profile        flight recordings (JFR) of the detector and the replay during the max-speed run,
                               summarised (hot methods) into the report, of the replay alone
                               (alone-replay-service.jfr) and of the detector and the store during the paced run
                               (paced-<service>.jfr); the .jfr files stay in --out
              --flame          async-profiler (CPU samples) on the same services: flame graphs
                               [alone-|paced-]<service>-flame.html in --out
              --paced-rate     records/s of the paced run (default 5000)
              --paced-seconds  length of the paced run (default 90)
              --threads        threads of the in-process detection (default: available processors)
              --without-scores the pipeline's detector publishes no per-point scores (what they cost; the report
                               says so in its first line)
              --only           a comma-separated list of the phases to run (default all, in this order):
                               inprocess (in-process detectors), max (replay at max through the pipeline, end to
                               end, Kafka's tools, memory), alone (the replay alone on a fresh broker, then Kafka's
                               producer alone on it), paced (steady rate, latency); the table shows what ran
              --out            where benchmark.json, the logs and recordings go (default target/benchmark)
              --database       PostgreSQL database of the events table (default anomalies_benchmark)
              other options as for run-pipeline (--help there)
            """;
    private static final String PRODUCER_TOPIC = "benchmark.producer-performance";
    private static final String WARM_UP_TOPIC = "benchmark.warm-up";
    private static final int WARM_UP_RECORD_BYTES = 32;
    private static final int HOT_METHODS = 15;
    private static final List<String> PROFILED = List.of("detector-service", "replay-service");
    /** The services on the paced run's latency path, profiled with {@code --profile} or {@code --flame}. */
    private static final List<String> PACED_PROFILED = List.of("detector-service", "anomaly-store");
    static final List<String> PHASES = List.of("inprocess", "max", "alone", "paced");

    private final Map<String, String> options;
    private final LocalPipeline.Settings settings;
    private final Path out;
    private final ReplaySettings replaySettings;
    private final Map<String, Object> report = new LinkedHashMap<>();
    private final List<String> phases;

    private RunBenchmark(Map<String, String> options) {
        this.options = options;
        options.putIfAbsent("database", "anomalies_benchmark");
        this.settings = RunPipeline.settings(options);
        this.out = settings.projectRoot().resolve(options.getOrDefault("out", "target/benchmark"));
        this.replaySettings = ReplaySettings.read(settings.projectRoot()
                .resolve("replay-service/src/main/resources/application.properties"));
        this.phases = phases(options.get("only"));
    }

    /** The phases named by {@code --only} (all when null), in their run order; unknown names are refused. */
    static List<String> phases(String only) {
        if (only == null) {
            return PHASES;
        }
        List<String> named = List.of(only.split(",")).stream().map(String::trim).filter(p -> !p.isEmpty()).toList();
        for (String phase : named) {
            if (!PHASES.contains(phase)) {
                throw new IllegalArgumentException("--only: unknown phase " + phase + " (phases: "
                        + String.join(",", PHASES) + ")");
            }
        }
        if (named.isEmpty()) {
            throw new IllegalArgumentException("--only: no phase named (phases: " + String.join(",", PHASES) + ")");
        }
        return PHASES.stream().filter(named::contains).toList();
    }

    public static void main(String[] args) {
        RunPipeline.quietBroker();
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        RunBenchmark benchmark;
        try {
            benchmark = new RunBenchmark(CommandLine.parse(args, List.of("profile", "flame", "without-scores"),
                    List.of("paced-rate", "paced-seconds", "threads", "only", "out", "data-dir", "database",
                            "port-offset", "kafka-port", "partitions", "project-root")));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        try {
            benchmark.run();
        } catch (RuntimeException e) {
            System.err.println("benchmark failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private void run() {
        long started = System.nanoTime();
        try {
            Files.createDirectories(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + out, e);
        }
        report.put("machine", machine());
        report.put("phases", phases);
        report.put("scores", settings.scores());
        report.put("profiled", profiled());
        TelemanomDataset dataset = TelemanomDataset.open(settings.dataDir());
        if (phases.contains("inprocess")) {
            inProcessDetection(dataset);
        }
        if (phases.contains("max")) {
            maxSpeedRun();
        }
        if (phases.contains("alone")) {
            replayAlone(dataset);
        }
        if (phases.contains("paced")) {
            pacedRun(dataset);
        }
        report.put("benchmarkSeconds", seconds(started));
        Path json = BenchmarkReport.write(report, out.resolve("benchmark.json"));
        System.out.println();
        BenchmarkReport.table(report).forEach(System.out::println);
        say("wrote %s", json);
    }

    private Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("processors", Runtime.getRuntime().availableProcessors());
        machine.put("memoryBytes", ((com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("loadAverageAtStart", loadAverage());
        autogroupNice().ifPresent(nice -> machine.put("autogroupNice", nice));
        return machine;
    }

    /** This session's scheduler autogroup nice value (Linux with autogroups), which its child processes share. */
    private static Optional<Integer> autogroupNice() {
        try {
            // e.g. "/autogroup-85 nice -15"
            Matcher matcher = Pattern.compile("nice (-?\\d+)")
                    .matcher(Files.readString(Path.of("/proc/self/autogroup")));
            return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // no autogroups here
        }
    }

    /** The evaluation's offline detection over every channel in this JVM: points/s and CPU-seconds. */
    private void inProcessDetection(TelemanomDataset dataset) {
        int threads = CommandLine.intOption(options, "threads", Runtime.getRuntime().availableProcessors());
        DetectionConfig config = DetectionConfig.load(settings.projectRoot().resolve("configs/detectors.yaml"));
        List<? extends DatasetChannel> channels = dataset.channels();
        long points = channels.stream().mapToLong(DatasetChannel::totalRows).sum();
        say("in-process detection: %d channels, %,d points, %d threads...", channels.size(), points, threads);
        double cpu = processCpuSeconds();
        long started = System.nanoTime();
        Map<String, List<Detection>> detections = Evaluation.detect(config, channels, null, threads);
        double seconds = seconds(started);
        cpu = processCpuSeconds() - cpu;
        Map<String, Object> detection = new LinkedHashMap<>();
        detection.put("channels", channels.size());
        detection.put("points", points);
        detection.put("threads", threads);
        detection.put("seconds", seconds);
        detection.put("pointsPerSecond", points / seconds);
        detection.put("cpuSeconds", cpu);
        detection.put("cpuMicrosPerPoint", cpu * 1e6 / points);
        detection.put("alarms", detections.values().stream().mapToLong(List::size).sum());
        detection.put("loadAverageAfter", loadAverage());
        report.put("inProcessDetection", detection);
        say("  %.1f s, %,.0f points/s, %.1f CPU-s", seconds, points / seconds, cpu);
    }

    /**
     * The whole data set at max speed through the pipeline (optionally under flight recordings), then Kafka's own
     * tools on the same broker with the same record count and size.
     */
    private void maxSpeedRun() {
        say("max-speed run: starting Kafka on port %d and the three services%s...", settings.ports().kafka(),
                profiled() ? " (detector and replay profiled)" : "");
        Map<String, Object> run = new LinkedHashMap<>();
        try (LocalPipeline pipeline = LocalPipeline.start(settings.withJvmOptions(profiling("", PROFILED)))) {
            pipeline.clearEvents();
            Map<String, Long> liveBefore = liveHeaps(pipeline);
            Map<String, ProcessStats> before = stats(pipeline);
            double brokerCpu = processCpuSeconds();
            long started = System.nanoTime();
            String id = pipeline.startReplay(Map.of("speed", "max"));
            JsonNode replay = pipeline.awaitReplay(id, Duration.ofHours(1), status -> say("  replayed %,d of %,d",
                    status.path("recordsSent").asLong(), status.path("recordsTotal").asLong()));
            double replaySeconds = seconds(started);
            int events = pipeline.awaitSettled(Duration.ofMinutes(30)).size();
            double settledSeconds = seconds(started);
            Map<String, ProcessStats> after = stats(pipeline);
            brokerCpu = processCpuSeconds() - brokerCpu;
            Map<String, Long> liveAfter = liveHeaps(pipeline);
            long records = replay.path("recordsSent").asLong();
            say("  replay %.1f s, all %,d events stored after %.1f s", replaySeconds, events, settledSeconds);
            run.put("records", records);
            run.put("replaySeconds", replaySeconds);
            run.put("replayRecordsPerSecond", records / replaySeconds);
            run.put("endToEndSeconds", settledSeconds);
            run.put("endToEndRecordsPerSecond", records / settledSeconds);
            run.put("events", events);
            run.put("services", services(before, after, records));
            run.put("liveHeapBytesBefore", liveBefore); // after a full GC, services started, nothing replayed
            run.put("liveHeapBytesAfter", liveAfter); // after a full GC, all settled: the detector holds every channel
            run.put("channels", replay.path("channels").size());
            run.put("brokerCpuSeconds", brokerCpu); // this JVM: the broker, and this benchmark's polling
            run.put("loadAverageAfter", loadAverage());
            run.put("topicBytes", pipeline.topicBytes());
            run.put("rawRecords", rawRecordSizes(pipeline));
            report.put("maxSpeedRun", run);
            kafkaTools(pipeline, records, (Map<?, ?>) run.get("rawRecords"));
        }
        if (options.containsKey("profile")) {
            Map<String, Object> profiles = new LinkedHashMap<>();
            for (String module : PROFILED) {
                profiles.put(module, profile(recording(module)));
            }
            report.put("profiles", profiles);
        }
    }

    private Path recording(String module) {
        return out.resolve(module + ".jfr");
    }

    /** Whether the services run under a profiler ({@code --profile} or {@code --flame}). */
    private boolean profiled() {
        return options.containsKey("profile") || options.containsKey("flame");
    }

    /**
     * JVM options that profile these services with {@code --profile} (JFR, {@code <prefix><module>.jfr}) and
     * {@code --flame} (async-profiler, {@code <prefix><module>-flame.html}) in --out; none without either.
     */
    private Map<String, List<String>> profiling(String prefix, List<String> modules) {
        Path agent = options.containsKey("flame") ? AsyncProfiler.extract(out) : null;
        Map<String, List<String>> jvmOptions = new LinkedHashMap<>();
        for (String module : modules) {
            List<String> jvm = new ArrayList<>();
            if (options.containsKey("profile")) {
                jvm.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + recording(prefix + module));
            }
            if (agent != null) {
                jvm.add(AsyncProfiler.agentOption(agent, out.resolve(prefix + module + "-flame.html")));
            }
            jvmOptions.put(module, jvm);
        }
        return jvmOptions;
    }

    private static Map<String, Object> profile(Path recording) {
        HotMethods hot = HotMethods.read(recording);
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("recording", recording.toString());
        profile.put("executionSamples", hot.samples());
        profile.put("selfPercentByMethod", hot.top(hot.self(), HOT_METHODS));
        profile.put("selfPercentByPackage", hot.top(hot.self(), HOT_METHODS, HotMethods::packageOf));
        Map<String, Long> ours = new LinkedHashMap<>();
        hot.total().forEach((method, count) -> {
            if (method.startsWith("space.telemetry.")) {
                ours.put(method, count);
            }
        });
        profile.put("totalPercentOfProjectMethods", hot.top(ours, HOT_METHODS));
        return profile;
    }

    /** Mean key and value size of telemetry.raw's records, read back from the broker. */
    private static Map<String, Object> rawRecordSizes(LocalPipeline pipeline) {
        long[] sums = new long[3]; // records, key bytes, value bytes
        try (TopicClient topics = new TopicClient(pipeline.bootstrapServers())) {
            topics.scan(Topics.RAW, record -> {
                sums[0]++;
                sums[1] += record.serializedKeySize();
                sums[2] += record.serializedValueSize();
            });
        }
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("records", sums[0]);
        sizes.put("meanKeyBytes", (double) sums[1] / sums[0]);
        sizes.put("meanValueBytes", (double) sums[2] / sums[0]);
        return sizes;
    }

    private void kafkaTools(LocalPipeline pipeline, long records, Map<?, ?> rawRecords) {
        int size = (int) Math.round((Double) rawRecords.get("meanValueBytes"));
        createTopic(pipeline, PRODUCER_TOPIC);
        say("Kafka's ProducerPerformance: %,d records of %d bytes, %s...", records, size, replaySettings.producer());
        double brokerCpu = processCpuSeconds();
        KafkaTools.ProducerResult producer = KafkaTools.produce(pipeline.bootstrapServers(), PRODUCER_TOPIC, records,
                size, replaySettings.producer(), out.resolve("logs/producer-performance.log"));
        brokerCpu = processCpuSeconds() - brokerCpu;
        say("  %s", producer.line());
        say("Kafka's ConsumerPerformance on %s...", Topics.RAW);
        KafkaTools.ConsumerResult consumer = KafkaTools.consume(pipeline.bootstrapServers(), Topics.RAW, records,
                out.resolve("logs/consumer-performance.log"));
        say("  %s", consumer.line());
        Map<String, Object> tools = new LinkedHashMap<>();
        tools.put("producerSettings", replaySettings.producer());
        tools.put("recordSizeBytes", size);
        tools.put("producer", producer);
        tools.put("producerBrokerCpuSeconds", brokerCpu);
        tools.put("consumer", consumer);
        report.put("kafkaTools", tools);
    }

    /**
     * The replay alone, as Kafka's ProducerPerformance runs: a fresh, warmed-up broker with only the replay service
     * started (no detector, no store competing for the cores), every channel at max speed, records/s by the replay's
     * own clock and until COMPLETED, CPU per record; then ProducerPerformance alone on the same broker, with the same
     * record count, mean record size and producer settings, so that the ratio compares like with like.
     */
    private void replayAlone(TelemanomDataset dataset) {
        say("replay alone: fresh broker, replay-service only, all channels at max...");
        Map<String, Object> alone = new LinkedHashMap<>();
        try (LocalPipeline pipeline = LocalPipeline.startReplayOnly(settings.withJvmOptions(profiling("alone-",
                List.of("replay-service"))))) {
            warmUp(pipeline, dataset.channels().stream().mapToLong(DatasetChannel::totalRows).sum());
            ServiceProcess service = pipeline.replayService();
            ProcessStats before = ProcessStats.of(service.pid());
            double brokerCpu = processCpuSeconds();
            long started = System.nanoTime();
            String id = pipeline.startReplay(Map.of("speed", "max"));
            JsonNode replay = pipeline.awaitReplay(id, Duration.ofHours(1), status -> say("  replayed %,d of %,d",
                    status.path("recordsSent").asLong(), status.path("recordsTotal").asLong()));
            double seconds = seconds(started);
            brokerCpu = processCpuSeconds() - brokerCpu;
            ProcessStats after = ProcessStats.of(service.pid());
            long records = replay.path("recordsSent").asLong();
            double cpu = after.cpuSeconds() - before.cpuSeconds();
            double jobSeconds = Duration.between(Instant.parse(replay.path("startedAt").asText()),
                    Instant.parse(replay.path("finishedAt").asText())).toNanos() / 1e9;
            alone.put("records", records);
            alone.put("seconds", seconds);
            alone.put("recordsPerSecond", records / seconds);
            alone.put("jobSeconds", jobSeconds);
            alone.put("jobRecordsPerSecond", records / jobSeconds);
            Map<String, Double> batches = ProducerMetrics.fromExposition(Prometheus.scrape(service.managementUrl()));
            alone.put("batches", batches);
            alone.put("cpuSeconds", cpu);
            alone.put("cpuMicrosPerRecord", cpu * 1e6 / records);
            alone.put("brokerCpuSeconds", brokerCpu);
            alone.put("rssBytes", after.rssBytes());
            alone.put("peakRssBytes", after.peakRssBytes());
            alone.put("loadAverageAfter", loadAverage());
            say("  %,d records in %.2f s by the replay's clock (%.2f s from the request to COMPLETED) = %,.0f records/s,"
                    + " %.1f us of CPU per record; %s", records, jobSeconds, seconds, records / jobSeconds,
                    cpu * 1e6 / records, ProducerMetrics.describe(batches));
            Map<?, ?> raw = rawRecordSizes(pipeline);
            int size = (int) Math.round((Double) raw.get("meanValueBytes"));
            createTopic(pipeline, PRODUCER_TOPIC);
            say("Kafka's ProducerPerformance alone: %,d records of %d bytes, %s...", records, size,
                    replaySettings.producer());
            brokerCpu = processCpuSeconds();
            KafkaTools.ProducerResult producer = KafkaTools.produce(pipeline.bootstrapServers(), PRODUCER_TOPIC,
                    records, size, replaySettings.producer(), out.resolve("logs/producer-performance-alone.log"));
            say("  %s; %s", producer.line(), ProducerMetrics.describe(producer.batches()));
            alone.put("rawRecords", raw);
            alone.put("recordSizeBytes", size);
            alone.put("producer", producer);
            alone.put("producerBrokerCpuSeconds", processCpuSeconds() - brokerCpu);
        }
        report.put("replayAlone", alone);
    }

    /**
     * The broker of a fresh pipeline has not compiled its produce path yet, and whoever writes to it first pays for
     * that in the benchmark's CPU and wall time (this JVM is the broker): one unmeasured ProducerPerformance run of
     * as many small records into a topic of its own, so that the replay and the producer after it meet the same
     * warm broker.
     */
    private void warmUp(LocalPipeline pipeline, long records) {
        say("  warming the broker up: ProducerPerformance, %,d records, unmeasured...", records);
        createTopic(pipeline, WARM_UP_TOPIC);
        KafkaTools.produce(pipeline.bootstrapServers(), WARM_UP_TOPIC, records, WARM_UP_RECORD_BYTES,
                replaySettings.producer(), out.resolve("logs/producer-performance-warm-up.log"));
    }

    private void createTopic(LocalPipeline pipeline, String topic) {
        try (Admin admin = KafkaBroker.admin(pipeline.bootstrapServers())) {
            admin.createTopics(List.of(new NewTopic(topic, settings.partitions(), (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + topic + ": " + e.getMessage(), e);
        }
    }

    /** A steady rate over the channels that last the whole run; latency per event from its detecting point. */
    private void pacedRun(TelemanomDataset dataset) {
        double rate = CommandLine.intOption(options, "paced-rate", 5000);
        double length = CommandLine.intOption(options, "paced-seconds", 90);
        PacedRun.Plan plan = PacedRun.plan(dataset.channels(), rate, length);
        double speed = replaySettings.speedFor(rate, plan.channels().size());
        say("paced run: fresh broker and services; %d channels at speed %.1f (%.0f records/s) for %.0f s...",
                plan.channels().size(), speed, rate, length);
        Map<String, Object> paced = new LinkedHashMap<>();
        try (LocalPipeline pipeline = LocalPipeline.start(settings.withJvmOptions(profiling("paced-",
                PACED_PROFILED)))) {
            pipeline.clearEvents();
            Map<String, ProcessStats> before = stats(pipeline);
            long started = System.nanoTime();
            paced.put("startedAtEpochMillis", System.currentTimeMillis());
            String id = pipeline.startReplay(Map.of("channels", plan.channels(), "speed",
                    String.format(Locale.ROOT, "%.3f", speed)));
            ServiceProcess.sleep((long) (length * 1000));
            pipeline.stopReplay(id);
            JsonNode status = pipeline.replayStatus(id);
            while (status.path("state").asText().equals("RUNNING")) {
                ServiceProcess.sleep(100);
                status = pipeline.replayStatus(id);
            }
            double sending = seconds(started);
            long records = status.path("recordsSent").asLong();
            pipeline.awaitSettled(Duration.ofMinutes(30));
            paced.put("services", services(before, stats(pipeline), records));
            List<PacedRun.Latency> latencies = PacedRun.measure(pipeline);
            List<Double> stored = latencies.stream().map(PacedRun.Latency::storedMs).toList();
            List<Double> published = latencies.stream().map(PacedRun.Latency::publishedMs).toList();
            paced.put("channels", plan.channels().size());
            paced.put("speed", speed);
            paced.put("targetRecordsPerSecond", rate);
            paced.put("records", records);
            paced.put("seconds", sending);
            paced.put("recordsPerSecond", records / sending);
            paced.put("events", latencies.size());
            paced.put("loadAverageAfter", loadAverage());
            paced.put("producedToPublishedMs", percentiles(published));
            paced.put("producedToStoredMs", percentiles(stored));
            // the services' own histograms, as Prometheus would compute their percentiles
            paced.put("serverCommitted", ServerHistogram.scrape(pipeline.detectorService().managementUrl(),
                    "detector_detection_latency_seconds").summary());
            paced.put("serverStored", ServerHistogram.scrape(pipeline.anomalyStore().managementUrl(),
                    "anomaly_store_event_latency_seconds").summary());
            // how long the detector's batches took (detection only, before the transaction's commit)
            paced.put("serverBatch", ServerHistogram.scrape(pipeline.detectorService().managementUrl(),
                    "detector_batch_duration_seconds").summary());
            // a committed batch's whole cycle: detection, sends, offsets, commit
            paced.put("serverTransaction", ServerHistogram.scrape(pipeline.detectorService().managementUrl(),
                    "detector_transaction_duration_seconds").summary());
            paced.put("latencies", latencies);
            say("  %,d records in %.1f s, %d events; produced -> stored p50 %.0f ms, p99 %.0f ms", records, sending,
                    latencies.size(), PacedRun.percentile(stored, 50), PacedRun.percentile(stored, 99));
        }
        report.put("pacedRun", paced);
    }

    private static Map<String, Object> percentiles(List<Double> values) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (double percent : new double[] {50, 90, 99, 100}) {
            p.put(percent == 100 ? "max" : String.format(Locale.ROOT, "p%.0f", percent),
                    PacedRun.percentile(values, percent));
        }
        return p;
    }

    private static Map<String, ProcessStats> stats(LocalPipeline pipeline) {
        Map<String, ProcessStats> stats = new LinkedHashMap<>();
        services(pipeline).forEach(service -> stats.put(service.name(), ProcessStats.of(service.pid())));
        return stats;
    }

    private static Map<String, Long> liveHeaps(LocalPipeline pipeline) {
        Map<String, Long> live = new LinkedHashMap<>();
        services(pipeline).forEach(service -> live.put(service.name(), ProcessStats.liveHeapBytes(service.pid())));
        return live;
    }

    private static List<ServiceProcess> services(LocalPipeline pipeline) {
        List<ServiceProcess> services = new ArrayList<>(List.of(pipeline.replayService()));
        services.addAll(pipeline.detectors());
        services.add(pipeline.anomalyStore());
        return services;
    }

    /** Per service: RSS after the run, its peak, and the CPU time the run took (µs per record). */
    private static Map<String, Object> services(Map<String, ProcessStats> before, Map<String, ProcessStats> after,
            long records) {
        Map<String, Object> services = new LinkedHashMap<>();
        after.forEach((name, stats) -> {
            double cpu = stats.cpuSeconds() - before.get(name).cpuSeconds();
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("rssBytes", stats.rssBytes());
            service.put("peakRssBytes", stats.peakRssBytes());
            service.put("cpuSeconds", cpu);
            service.put("cpuMicrosPerRecord", cpu * 1e6 / records);
            services.put(name, service);
        });
        return services;
    }

    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}

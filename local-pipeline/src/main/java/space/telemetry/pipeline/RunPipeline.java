package space.telemetry.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import space.telemetry.contract.Topics;
import space.telemetry.data.DataDirectory;
import space.telemetry.localinfra.TopicClient;

/**
 * The main job: starts the platform locally, replays the chosen channels (default: all of SMAP and MSL at max
 * speed), waits until every anomaly is stored, and prints a summary.
 */
public final class RunPipeline {
    private static final String USAGE = """
            usage: run-pipeline [--spacecraft SMAP|MSL] [--channels A-1,P-1,...] [--speed max|FACTOR]
                                [--data-dir DIR] [--database NAME] [--port-offset N] [--kafka-port PORT]
                                [--partitions N] [--keep-events] [--without-scores] [--serve]
                   run-pipeline --benchmark [options: run-pipeline --benchmark --help]
              --data-dir     Telemanom data (default: $TELEMANOM_DIR, else ../shared/telemanom)
              --database     PostgreSQL database for the events table (default anomalies; PG* env vars apply)
              --port-offset  added to every port: Kafka 9092, APIs 8081-8083, management 9081-9083 (default 0)
              --kafka-port   Kafka's port (default 9092 + offset)
              --keep-events  keep rows of earlier runs (default: tables events, points, channels are emptied first)
              --without-scores  the detector publishes no per-point scores (detector.scores.enabled=false),
                             to measure what storing them costs
              --serve        keep everything running after the summary, until Ctrl-C or SIGTERM
            """;

    private RunPipeline() {
    }

    public static void main(String[] args) {
        quietBroker();
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        Map<String, String> options;
        LocalPipeline.Settings settings;
        try {
            options = parse(args);
            settings = settings(options);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        run(options, settings);
    }

    /** Warnings and errors only from the in-JVM broker's logging (set before it starts). */
    public static void quietBroker() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient", "error"); // at close
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.controller", "error"); // start-up notices
    }

    /**
     * The pipeline's settings from the options project-root, data-dir, database, partitions, port-offset and
     * kafka-port.
     */
    public static LocalPipeline.Settings settings(Map<String, String> options) {
        Path root = Path.of(options.getOrDefault("project-root", ".")).toAbsolutePath().normalize();
        Path data = options.containsKey("data-dir") ? Path.of(options.get("data-dir"))
                : DataDirectory.resolve().orElseThrow(() -> new IllegalStateException(
                        "no Telemanom data found: set TELEMANOM_DIR or --data-dir (see infra/download-telemanom.sh)"));
        if (!Files.isDirectory(data)) {
            throw new IllegalArgumentException("data directory " + data + " does not exist");
        }
        LocalPipeline.Ports ports = LocalPipeline.Ports.standard(CommandLine.intOption(options, "port-offset", 0));
        ports = ports.withKafka(CommandLine.intOption(options, "kafka-port", ports.kafka()));
        return new LocalPipeline.Settings(root, data.toAbsolutePath(), options.getOrDefault("database", "anomalies"),
                CommandLine.intOption(options, "partitions", 4), 1, ports)
                .withScores(!options.containsKey("without-scores"));
    }

    private static void run(Map<String, String> options, LocalPipeline.Settings settings) {
        long started = System.nanoTime();
        say("starting Kafka (KRaft, in this JVM) on port %d, PostgreSQL database '%s', and the three services...",
                settings.ports().kafka(), settings.database());
        try (LocalPipeline pipeline = LocalPipeline.start(settings)) {
            say("services ready in %.1f s (logs in %s)", seconds(started), pipeline.replayService().log().getParent());
            if (!options.containsKey("keep-events")) {
                pipeline.clearEvents();
            }
            JsonNode labels = pipeline.importLabels();
            if (labels != null) {
                say("NASA's labels imported for the console (source nasa): %d new, %d already there",
                        labels.path("imported").asLong(), labels.path("unchanged").asLong());
            }
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("speed", options.getOrDefault("speed", "max"));
            if (options.containsKey("spacecraft")) {
                request.put("spacecraft", options.get("spacecraft"));
            }
            if (options.containsKey("channels")) {
                request.put("channels", Arrays.asList(options.get("channels").split(",")));
            }
            long replayStarted = System.nanoTime();
            String id = pipeline.startReplay(request);
            say("replay %s started: %s", id, request);
            JsonNode replay = pipeline.awaitReplay(id, Duration.ofHours(6), status -> say("  replayed %,d of %,d records",
                    status.path("recordsSent").asLong(), status.path("recordsTotal").asLong()));
            double replaySeconds = seconds(replayStarted);
            var events = pipeline.awaitSettled(Duration.ofMinutes(30));
            double settledSeconds = seconds(replayStarted);
            printSummary(pipeline, replay, events.size(), replaySeconds, settledSeconds, seconds(started),
                    settings.scores());
            if (options.containsKey("serve")) {
                Path tokens = Path.of("").toAbsolutePath().relativize(pipeline.tokensDirectory());
                say("serving: replay %s, anomaly API %s/anomalies, Kafka %s; Ctrl-C to stop",
                        pipeline.replayUrl(), pipeline.storeUrl(), pipeline.bootstrapServers());
                say("bearer tokens (12 h) in %s: viewer.jwt reads, operator.jwt also starts and stops replays, e.g.%n"
                        + "  curl -H \"Authorization: Bearer $(cat %s)\" %s/anomalies", tokens,
                        tokens.resolve("viewer.jwt"), pipeline.storeUrl());
                Thread.currentThread().join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            System.err.println("pipeline failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void printSummary(LocalPipeline pipeline, JsonNode replay, int eventCount, double replaySeconds,
            double settledSeconds, double totalSeconds, boolean scores) {
        Map<String, Long> recordsBySpacecraft = new TreeMap<>();
        replay.path("channels").forEach(c -> recordsBySpacecraft.merge(c.path("spacecraft").asText(),
                c.path("sent").asLong(), Long::sum));
        Map<String, long[]> eventsBySpacecraft = new TreeMap<>(); // events, open, closed
        Map<String, Long> eventsByDetector = new TreeMap<>();
        JsonNode summary = Http.get(pipeline.storeUrl() + "/anomalies/summary", pipeline.viewerToken());
        for (JsonNode row : summary) {
            long[] counts = eventsBySpacecraft.computeIfAbsent(row.path("spacecraft").asText(), s -> new long[3]);
            counts[0] += row.path("events").asLong();
            counts[1] += row.path("open").asLong();
            counts[2] += row.path("closed").asLong();
            row.path("detectors").fields().forEachRemaining(d -> eventsByDetector.merge(d.getKey(), d.getValue().asLong(),
                    Long::sum));
        }
        long deadLetters;
        try (TopicClient topics = new TopicClient(pipeline.bootstrapServers())) {
            deadLetters = topics.readAll(Topics.DLQ).size();
        }
        long records = replay.path("recordsSent").asLong();
        long pointRows = pipeline.pointRows();
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("=== Pipeline summary ===");
        lines.add(String.format(Locale.ROOT, "channels replayed:    %d", replay.path("channels").size()));
        lines.add(String.format(Locale.ROOT, "records replayed:     %,d  %s", records, format(recordsBySpacecraft)));
        eventsBySpacecraft.forEach((spacecraft, counts) -> lines.add(String.format(Locale.ROOT,
                "anomalies %-5s       %,d events (%,d closed, %,d still open)", spacecraft + ":", counts[0], counts[2],
                counts[1])));
        long stored = eventsBySpacecraft.values().stream().mapToLong(counts -> counts[0]).sum();
        String thisRun = stored == eventCount ? "" : String.format(Locale.ROOT, " (%,d of this run)", eventCount);
        lines.add(String.format(Locale.ROOT, "anomalies total:      %,d events in table events%s  %s", stored, thisRun,
                format(eventsByDetector)));
        lines.add(String.format(Locale.ROOT, "dead letters:         %,d", deadLetters));
        lines.add(String.format(Locale.ROOT, "points stored:        %,d rows in table points%s", pointRows,
                scores ? "" : " (run --without-scores)"));
        Map<String, Long> bytes = pipeline.topicBytes();
        lines.add(String.format(Locale.ROOT, "topic bytes:          %s; checkpoints %.1f%% of raw",
                format(bytes), 100.0 * bytes.getOrDefault(Topics.DETECTOR_STATE, 0L)
                        / Math.max(1, bytes.getOrDefault(Topics.RAW, 0L))));
        lines.add(String.format(Locale.ROOT, "time: replay %.1f s (%,.0f records/s), all stored after %.1f s, "
                + "whole run %.1f s", replaySeconds, records / replaySeconds, settledSeconds, totalSeconds));
        lines.forEach(System.out::println);
    }

    private static String format(Map<String, Long> counts) {
        StringBuilder text = new StringBuilder("(");
        counts.forEach((key, value) -> text.append(text.length() > 1 ? ", " : "")
                .append(String.format(Locale.ROOT, "%s %,d", key, value)));
        return text.append(")").toString();
    }

    private static Map<String, String> parse(String[] args) {
        return CommandLine.parse(args, List.of("keep-events", "without-scores", "serve"), List.of("spacecraft", "channels", "speed",
                "data-dir", "database", "port-offset", "kafka-port", "partitions", "project-root"));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}

package space.telemetry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.EventState;
import space.telemetry.contract.Spacecraft;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryJson;
import space.telemetry.contract.TelemetryPoint;
import space.telemetry.contract.Topics;
import space.telemetry.data.DataDirectory;
import space.telemetry.data.TelemanomChannel;
import space.telemetry.data.TelemanomDataset;
import space.telemetry.detection.DetectionConfig;
import space.telemetry.localinfra.KafkaBroker;
import space.telemetry.localinfra.TopicClient;
import space.telemetry.pipeline.FaultTable.Outcome;
import space.telemetry.testdata.SyntheticDataset;

/** Issue 7: every fault case against one local pipeline, reported as a table in target/fault-suite.md. */
class FaultSuiteIT {
    private static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    private static final List<String> NASA_CHANNELS = List.of("P-1", "S-1", "E-1", "A-4", "M-1");
    private static final int PARTITIONS = 3;
    private static final Duration SETTLE = Duration.ofSeconds(120);
    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    static Path temp;

    static LocalPipeline pipeline;
    static TelemanomDataset dataset;
    static List<TelemanomChannel> sources;
    static DetectionConfig config;
    static EventRows rows;

    @BeforeAll
    static void startPipeline() {
        Path data = DataDirectory.resolve().orElseGet(() -> {
            SyntheticDataset.write(temp.resolve("synthetic"), 42);
            return temp.resolve("synthetic");
        });
        dataset = TelemanomDataset.open(data);
        List<String> ids = NASA_CHANNELS.stream().filter(dataset::knows).toList();
        sources = (ids.isEmpty() ? dataset.channels().stream().map(TelemanomChannel::id).toList() : ids).stream()
                .map(dataset::require).toList();
        config = DetectionConfig.load(ROOT.resolve("configs/detectors.yaml"));
        pipeline = LocalPipeline.start(new LocalPipeline.Settings(ROOT, data, "anomalies_fault_suite", PARTITIONS, 1,
                LocalPipeline.Ports.free()).withDatabaseProxy());
        pipeline.clearEvents();
        rows = new EventRows(pipeline);
    }

    @AfterAll
    static void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everyFaultCaseKeepsItsPromise() {
        FaultTable table = new FaultTable();
        table.run("1 poison raw records", "each on the DLQ with a reason naming the problem; the stream goes on; "
                + "detector ready", this::poisonRawRecords);
        table.run("2 1e6 glitch in train", "same test-split events as the clean twin", this::glitchInTrain);
        table.run("3 store: unencodable events", "each on the DLQ, none in events; a valid event after them is "
                + "stored; store ready", this::unencodableEvents);
        table.run("4 kill -9 detector", "rows equal the reference", () -> killMidStream(pipeline.detectorService()));
        table.run("5 kill -9 store", "rows equal the reference", () -> killMidStream(pipeline.anomalyStore()));
        table.run("6 PostgreSQL outage 35 s", "GET /anomalies 503 + Retry-After problem during it; rows equal the "
                + "reference", this::databaseOutage);
        table.run("7 scale-out 1 -> 3, kill one", "rows equal the single-instance reference", this::scaleOut);
        table.run("8 two replays at once", "no row added twice", this::twoReplays);
        table.run("9 edge/auth", "401, 403, 4xx, 400, 400, 404, 400 problem, 4xx < 1 KB", this::edgeAndAuth);
        table.run("10 checkpoint bytes", "state <= 25 B per raw record (10% of a 254 B JSON record) at full speed and "
                + "for a trickle", this::checkpointBytes);
        table.run("11 pipeline process", "--keep-events finishes; SIGTERM leaves no service JVM and no broker dir",
                this::pipelineProcess);

        String rendered = table.render();
        System.out.println("\n=== Fault suite ===\n" + rendered);
        table.write(ROOT.resolve("local-pipeline/target/fault-suite.md"));
        assertThat(table.failures()).as("failed fault cases").isEmpty();
    }

    // --- 1. poison raw records

    /** A poison record, what it is, and a pattern its dead-letter reason must contain (the problem's name). */
    private record Poison(String label, String key, byte[] value, String reasonPattern) {
        boolean named(String reason) {
            return reason != null && Pattern.compile(reasonPattern, Pattern.CASE_INSENSITIVE).matcher(reason).find();
        }
    }

    private Outcome poisonRawRecords() {
        TelemanomChannel smap = sources.stream().filter(c -> c.spacecraft() == Spacecraft.SMAP).findFirst()
                .orElseThrow();
        List<TelemetryPoint> stream = ChannelFeed.points(smap, smap.id() + ".poison-commands");
        int poisonAt = (int) (smap.trainRows() / 2);
        TelemetryPoint model = stream.get(0);
        String longName = "poison.long-name-" + "x".repeat(70_000);
        List<Poison> poisons = List.of(
                poison("year -1e9", "poison.year", model, p -> p.put("eventTime", "-1000000000-01-01T00:00:00Z"),
                        "eventTime"),
                new Poison("commands [] mid-stream", model.channel(),
                        edit(stream.get(poisonAt), p -> p.putArray("commands")), "command"),
                poison("70 KB name", longName, model, p -> p.put("channel", longName), "channel|bytes long"),
                poison("value 1e308", "poison.value", model, p -> p.put("value", 1e308), "value"),
                poison("commands NaN", "poison.nan-commands", model, p -> {
                    ArrayNode commands = p.putArray("commands").add("NaN");
                    for (int i = 1; i < model.commands().length; i++) {
                        commands.add(0.0);
                    }
                }, "command"));
        Map<String, List<TelemetryPoint>> valid = new LinkedHashMap<>();
        List<byte[]> streamValues = new ArrayList<>(ChannelFeed.encode(stream));
        streamValues.set(poisonAt, poisons.get(1).value());
        try (TopicClient topics = new TopicClient(pipeline.bootstrapServers())) {
            for (Poison poison : poisons) {
                if (poison.key().equals(model.channel())) {
                    topics.sendAll(Topics.RAW, poison.key(), streamValues);
                    continue;
                }
                topics.send(Topics.RAW, poison.key(), poison.value());
                // a valid point on the poison's partition, sent after it: processed only if the stream goes on
                String after = samePartitionName(poison.key(), "poison.after");
                TelemetryPoint point = renamed(model, after);
                valid.put(after, List.of(point));
                topics.send(Topics.RAW, after, TelemetryJson.write(point));
            }
        }
        List<TelemetryPoint> survivors = new ArrayList<>(stream);
        survivors.remove(poisonAt);
        Map<String, AnomalyEvent> reference = ChannelFeed.reference(config, survivors);
        long laterEvents = reference.values().stream().filter(e -> e.split() == Split.TEST).count();
        Map<String, String> reasons = awaitDeadLetters(poisons.stream().map(Poison::key).toList());
        EventRows.Diff diff = rows.awaitEqual(Set.of(model.channel()), reference, SETTLE);

        List<String> wrong = new ArrayList<>();
        for (Poison poison : poisons) {
            String reason = reasons.get(poison.key());
            if (!poison.named(reason)) {
                wrong.add(poison.label() + " -> " + (reason == null ? "not on the DLQ" : abbreviate(reason)));
            }
        }
        List<String> validDead = valid.keySet().stream().filter(deadLetterKeys()::contains).toList();
        boolean goesOn = diff.lag() == 0 && validDead.isEmpty(); // every record after the poisons committed
        int ready = ready(pipeline.detectorService());
        String observed = (poisons.size() - wrong.size()) + "/" + poisons.size() + " on the DLQ naming the problem"
                + (wrong.isEmpty() ? "" : " (wrong: " + String.join(", ", wrong) + ")") + "; valid points after them "
                + (goesOn ? "processed" : "not processed (lag " + diff.lag() + ", dead-lettered " + validDead + ")")
                + "; " + laterEvents
                + " later test-split events expected on " + model.channel() + "; detector ready " + ready
                + "; reasons: " + reasons.values().stream().map(FaultSuiteIT::abbreviate).toList();
        return Outcome.rows(wrong.isEmpty() && goesOn && laterEvents > 0 && ready == 200, observed, diff);
    }

    /** The model point renamed to {@code key}, with one change to its JSON. */
    private static Poison poison(String label, String key, TelemetryPoint model, Consumer<ObjectNode> change,
            String reasonPattern) {
        return new Poison(label, key, edit(renamed(model, key), change), reasonPattern);
    }

    private static byte[] edit(TelemetryPoint point, Consumer<ObjectNode> change) {
        ObjectNode node = TelemetryJson.MAPPER.valueToTree(point);
        change.accept(node);
        return TelemetryJson.write(node);
    }

    private static TelemetryPoint renamed(TelemetryPoint point, String channel) {
        return new TelemetryPoint(point.spacecraft(), channel, point.split(), point.index(), point.eventTime(),
                point.value(), point.commands());
    }

    /** A channel name that the default partitioner puts on the same partition as {@code key}. */
    private static String samePartitionName(String key, String prefix) {
        for (int i = 0;; i++) {
            String name = prefix + "-" + i;
            if (partitionOf(name) == partitionOf(key) && !name.equals(key)) {
                return name;
            }
        }
    }

    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    // --- 2. glitch

    private Outcome glitchInTrain() {
        TelemanomChannel source = sources.get(0);
        List<TelemetryPoint> clean = ChannelFeed.points(source, source.id() + ".clean-twin");
        List<TelemetryPoint> glitched = new ArrayList<>(ChannelFeed.points(source, source.id() + ".glitch"));
        int at = (int) source.trainRows() - 100; // late in train: still in the windows when the test split starts
        glitched.set(at, ChannelFeed.withValue(glitched.get(at), 1e6));
        Map<String, List<TelemetryPoint>> channels = Map.of(clean.get(0).channel(), clean,
                glitched.get(0).channel(), glitched);
        ChannelFeed.sendAll(pipeline.bootstrapServers(), channels);
        EventRows.Diff settled = rows.awaitEqual(channels.keySet(), ChannelFeed.reference(config, channels), SETTLE);
        Set<String> twin = rows.shapes(clean.get(0).channel(), "test");
        Set<String> found = rows.shapes(glitched.get(0).channel(), "test");
        List<String> missing = twin.stream().filter(s -> !found.contains(s)).toList();
        List<String> extra = found.stream().filter(s -> !twin.contains(s)).toList();
        String observed = "twin " + twin.size() + " test-split events, glitched channel " + found.size()
                + (missing.isEmpty() ? "" : "; missing " + missing) + (extra.isEmpty() ? "" : "; extra " + extra)
                + (settled.equal() ? "" : "; stored rows differ from the in-process run: " + settled.detail());
        return new Outcome(!twin.isEmpty() && missing.isEmpty() && extra.isEmpty() && settled.equal(), observed,
                Integer.toString(missing.size()), Integer.toString(extra.size()));
    }

    // --- 3. store poison

    private Outcome unencodableEvents() {
        Instant normal = ChannelFeed.START;
        Map<String, AnomalyEvent> poisons = new LinkedHashMap<>();
        for (String year : List.of("-1000000000", "+1000000000", "-5000", "+300000")) {
            Instant at = Instant.parse(year + "-01-01T00:00:00Z");
            String name = (year.startsWith("-") ? "minus" : "plus") + year.substring(1);
            poisons.put("year " + year, event("store-poison.year-" + name, at, at));
        }
        poisons.put("start after end", event("store-poison.start-after-end", normal.plus(Duration.ofDays(1)), normal));
        AnomalyEvent valid = event("store-poison.valid-after", normal, normal.plus(Duration.ofHours(1)));
        try (TopicClient topics = new TopicClient(pipeline.bootstrapServers())) {
            poisons.values().forEach(e -> topics.send(Topics.ANOMALIES, e.channel(), TelemetryJson.write(e)));
            topics.send(Topics.ANOMALIES, valid.channel(), TelemetryJson.write(valid));
        }
        Map<String, String> reasons = awaitDeadLetters(poisons.values().stream().map(AnomalyEvent::channel).toList());
        boolean stored = awaitTrue(() -> rows.count(Set.of(valid.channel())) == 1, Duration.ofSeconds(60));
        int inEvents = rows.count(poisons.values().stream().map(AnomalyEvent::channel)
                .collect(Collectors.toSet()));
        // each event's only problem is a time: its dead-letter reason must say so
        List<String> notDead = poisons.entrySet().stream().filter(e -> !reasons.getOrDefault(e.getValue().channel(), "")
                .contains("Time")).map(Map.Entry::getKey).toList();
        int ready = ready(pipeline.anomalyStore());
        String observed = (poisons.size() - notDead.size()) + "/" + poisons.size() + " on the DLQ naming a time"
                + (notDead.isEmpty() ? "" : " (not: " + notDead + ")") + ", " + inEvents + " in events, valid event "
                + (stored ? "stored" : "NOT stored") + ", store ready " + ready + "; reasons: "
                + reasons.values().stream().map(FaultSuiteIT::abbreviate).toList();
        return Outcome.of(notDead.isEmpty() && inEvents == 0 && stored && ready == 200, observed);
    }

    private static AnomalyEvent event(String channel, Instant start, Instant end) {
        return new AnomalyEvent(AnomalyEvent.idFor(channel, "forecast-fast", Split.TEST, 10), "SMAP", channel,
                "forecast-fast", Split.TEST, 10, 12, 10, start, end, start, 5.0, 3.0, EventState.CLOSED, 100);
    }

    // --- 4, 5. kill -9 mid-stream

    private Outcome killMidStream(ServiceProcess service) {
        Map<String, List<TelemetryPoint>> channels = renamedChannels("kill-" + service.name(), 2);
        CompletableFuture<Void> killed = new CompletableFuture<>();
        CompletableFuture<Void> feed = ChannelFeed.paced(pipeline.bootstrapServers(), channels, 2_000, killed);
        ServiceProcess.sleep(3_000);
        service.kill();
        boolean killedMidStream = !feed.isDone();
        killed.complete(null);
        service.start(START);
        feed.join();
        EventRows.Diff diff = rows.awaitEqual(channels.keySet(), ChannelFeed.reference(config, channels), SETTLE)
                .plus(rows.publishedOnce(channels.keySet(), ChannelFeed.published(config, channels)));
        return Outcome.rows(killedMidStream, "killed " + service.name() + (killedMidStream ? " mid-stream" :
                " after the stream") + ", restarted", diff);
    }

    // --- 6. database outage

    private Outcome databaseOutage() {
        Map<String, List<TelemetryPoint>> channels = renamedChannels("db-outage", 2);
        CompletableFuture<Void> cutDone = new CompletableFuture<>();
        CompletableFuture<Void> feed = ChannelFeed.paced(pipeline.bootstrapServers(), channels, 2_000, cutDone);
        ServiceProcess.sleep(2_000);
        long cut = System.nanoTime();
        pipeline.databaseProxy().cut();
        boolean midStream = !feed.isDone();
        cutDone.complete(null);
        HttpProbe during;
        try {
            ServiceProcess.sleep(5_000);
            during = HttpProbe.get(pipeline.storeUrl() + "/anomalies?size=1", pipeline.viewerToken());
            ServiceProcess.sleep(Math.max(0, 35_000 - (System.nanoTime() - cut) / 1_000_000));
        } finally {
            pipeline.databaseProxy().restore();
        }
        feed.join();
        EventRows.Diff diff = rows.awaitEqual(channels.keySet(), ChannelFeed.reference(config, channels), SETTLE)
                .plus(rows.publishedOnce(channels.keySet(), ChannelFeed.published(config, channels)));
        String retryAfter = during.header("Retry-After");
        return Outcome.rows(midStream && during.status() == 503 && retryAfter != null && during.isProblem(),
                (midStream ? "cut mid-stream" : "cut after the stream") + "; GET /anomalies during the outage: "
                        + during.summary() + ", Retry-After " + retryAfter, diff);
    }

    // --- 7. scale-out

    private Outcome scaleOut() {
        Map<String, List<TelemetryPoint>> channels = renamedChannels("scale-out", 4);
        // paced so that both instances join while records arrive; the feed holds halfway until one is killed
        CompletableFuture<Void> killed = new CompletableFuture<>();
        CompletableFuture<Void> feed = ChannelFeed.paced(pipeline.bootstrapServers(), channels, 1_000, killed);
        ServiceProcess.sleep(2_000);
        pipeline.addDetector();
        ServiceProcess added = pipeline.addDetector();
        added.kill();
        boolean midStream = !feed.isDone();
        killed.complete(null);
        feed.join();
        EventRows.Diff diff = rows.awaitEqual(channels.keySet(), ChannelFeed.reference(config, channels),
                SETTLE.plusSeconds(60))
                .plus(rows.publishedOnce(channels.keySet(), ChannelFeed.published(config, channels)));
        return Outcome.rows(midStream, "3 instances, " + added.name() + " killed " + (midStream ? "mid-stream" :
                "after the stream") + " and not restarted", diff);
    }

    // --- 8. two replays at once

    private Outcome twoReplays() {
        List<String> channels = sources.stream().limit(2).map(TelemanomChannel::id).toList();
        Map<String, AnomalyEvent> reference = new HashMap<>();
        channels.forEach(c -> reference.putAll(ChannelFeed.reference(config, dataset.require(c))));
        String body = TelemetryJson.utf8(TelemetryJson.write(Map.of("channels", channels, "speed", "max")));
        List<HttpProbe> started = Stream.of(1, 2).map(i -> HttpProbe.post(pipeline.replayUrl()
                + "/replays", pipeline.operatorToken(), "application/json", body)).toList();
        for (HttpProbe replay : started) {
            assertThat(replay.status()).as("POST /replays: %s", replay.body()).isEqualTo(202);
            pipeline.awaitReplay(readJson(replay.body()).get("id").asText(),
                    Duration.ofMinutes(2), status -> { });
        }
        EventRows.Diff diff = rows.awaitEqual(Set.copyOf(channels), reference, SETTLE);
        return Outcome.rows(!reference.isEmpty(), "2 replays of " + channels + " completed, "
                + reference.size() + " events expected", diff);
    }

    // --- 9. edge and auth

    private Outcome edgeAndAuth() {
        String replays = pipeline.replayUrl() + "/replays";
        String anomalies = pipeline.storeUrl() + "/anomalies";
        String channel = sources.get(0).id(); // already replayed by case 8: a replay started by mistake adds nothing
        String json = "application/json";
        String operator = pipeline.operatorToken();
        Map<String, Boolean> checks = new LinkedHashMap<>();
        probe(checks, "no token", () -> HttpProbe.post(replays, null, json, replayBody(channel, "\"speed\":\"max\"")),
                r -> r.status() == 401 && r.isProblem());
        probe(checks, "viewer", () -> HttpProbe.post(replays, pipeline.viewerToken(), json,
                replayBody(channel, "\"speed\":\"max\"")), r -> r.status() == 403 && r.isProblem());
        probe(checks, "no body/type", () -> HttpProbe.post(replays, operator, null, null), r -> r.status() / 100 == 4);
        probe(checks, "speed 1e-300", () -> HttpProbe.post(replays, operator, json,
                replayBody(channel, "\"speed\":\"1e-300\"")), r -> r.status() == 400);
        probe(checks, "startTime -1e9", () -> HttpProbe.post(replays, operator, json,
                replayBody(channel, "\"startTime\":\"-1000000000-01-01T00:00:00Z\"")), r -> r.status() == 400);
        probe(checks, "swagger-ui", () -> HttpProbe.get(pipeline.replayUrl() + "/q/swagger-ui", null),
                r -> r.status() == 404);
        probe(checks, "%00", () -> HttpProbe.get(anomalies + "?channel=%00", pipeline.viewerToken()),
                r -> r.status() == 400 && r.isProblem());
        probe(checks, "100 KB param", () -> HttpProbe.get(anomalies + "?channel=" + "x".repeat(100_000),
                pipeline.viewerToken()), r -> r.status() / 100 == 4 && r.body().length() < 1024);
        List<String> failed = checks.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
        return Outcome.of(failed.isEmpty(), String.join(", ", checks.keySet())
                + (failed.isEmpty() ? "" : "; wrong: " + failed));
    }

    private static String replayBody(String channel, String field) {
        return "{\"channels\":[\"" + channel + "\"]," + field + "}";
    }

    /** Records one request's summary and whether it met {@code expected}; an exception fails only this check. */
    private static void probe(Map<String, Boolean> checks, String name, Supplier<HttpProbe> request,
            Predicate<HttpProbe> expected) {
        try {
            HttpProbe response = stopIfStarted(request.get());
            checks.put(name + " " + response.summary(), expected.test(response));
        } catch (RuntimeException e) {
            checks.put(name + " " + e.getMessage(), false);
        }
    }

    /** A replay started where none should have been is stopped at once (it would flood the stream). */
    private static HttpProbe stopIfStarted(HttpProbe response) {
        if (response.status() / 100 == 2 && response.response().uri().getPath().equals("/replays")) {
            String id = readJson(response.body()).path("id").asText();
            HttpProbe.post(pipeline.replayUrl() + "/replays/" + id + "/stop", pipeline.operatorToken(), null, null);
        }
        return response;
    }

    // --- 10. checkpoint bytes

    private Outcome checkpointBytes() {
        long[] fullSpeed = logSizes();
        Map<String, List<TelemetryPoint>> trickle = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            TelemanomChannel source = sources.get(i % sources.size());
            String name = source.id() + ".trickle-" + i;
            trickle.put(name, ChannelFeed.points(source, name).subList(0, 2_000));
        }
        ChannelFeed.paced(pipeline.bootstrapServers(), trickle, 250, CompletableFuture.completedFuture(null))
                .join();
        EventRows.Diff diff = rows.awaitEqual(trickle.keySet(), ChannelFeed.reference(config, trickle), SETTLE)
                .plus(rows.publishedOnce(trickle.keySet(), ChannelFeed.published(config, trickle)));
        long[] after = logSizes();
        // the budget was 10% of the raw bytes when records were JSON; with the binary format it is per record
        double full = (double) fullSpeed[1] / fullSpeed[2];
        double slow = (double) (after[1] - fullSpeed[1]) / (after[2] - fullSpeed[2]);
        String observed = String.format(Locale.ROOT, "full speed %.1f B per record (state %,d B for %,d records, raw "
                + "%,d B), trickle %.1f B per record (state %,d B for %,d records, raw %,d B)", full, fullSpeed[1],
                fullSpeed[2], fullSpeed[0], slow, after[1] - fullSpeed[1], after[2] - fullSpeed[2],
                after[0] - fullSpeed[0]);
        return Outcome.rows(full <= 25 && slow <= 25, observed, diff);
    }

    /** Bytes on disk of telemetry.raw and telemetry.detector-state, and the records of telemetry.raw. */
    private static long[] logSizes() {
        Map<String, Long> bytes = pipeline.topicBytes();
        try (Admin admin = KafkaBroker.admin(pipeline.bootstrapServers())) {
            return new long[] {bytes.getOrDefault(Topics.RAW, 0L), bytes.getOrDefault(Topics.DETECTOR_STATE, 0L),
                    pipeline.rawRecords(admin)};
        }
    }

    // --- 11. the pipeline as a process

    private Outcome pipelineProcess() throws IOException, InterruptedException {
        Path tmp = Files.createDirectories(temp.resolve("process-tmp"));
        Path data = temp.resolve("process-data");
        SyntheticDataset.write(data, 7);
        Path out = temp.resolve("pipeline.out");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-jar",
                ROOT.resolve("local-pipeline/target/local-pipeline-1.0.0-SNAPSHOT.jar").toString(),
                "--project-root", ROOT.toString(), "--data-dir", data.toString(), "--database",
                "anomalies_fault_process", "--channels", "SYN-1", "--partitions", "1", "--keep-events", "--serve",
                "--port-offset", Integer.toString(freePortOffset()))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            boolean serving = awaitTrue(() -> !child.isAlive() || read(out).contains("serving:"),
                    Duration.ofMinutes(3));
            if (!serving || !child.isAlive()) {
                return Outcome.of(false, "--keep-events --serve did not finish its run: ..."
                        + read(out).substring(Math.max(0, read(out).length() - 300)));
            }
            List<ProcessHandle> services = child.descendants().toList();
            child.destroy(); // SIGTERM
            boolean exited = child.waitFor(2, TimeUnit.MINUTES);
            long alive = services.stream().filter(ProcessHandle::isAlive).count();
            List<Path> brokerDirs;
            try (Stream<Path> files = Files.list(tmp)) {
                brokerDirs = files.filter(Files::isDirectory).toList();
            }
            return Outcome.of(exited && !services.isEmpty() && alive == 0 && brokerDirs.isEmpty(),
                    "--keep-events run served; SIGTERM: " + (exited ? "exit " + child.exitValue() : "still running")
                            + ", " + alive + " of " + services.size() + " service JVMs alive, broker dirs left "
                            + brokerDirs.size());
        } finally {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    // --- shared helpers

    /** Sources renamed {@code <id>.<label>}: the first {@code count} dataset channels, each a fresh channel. */
    private static Map<String, List<TelemetryPoint>> renamedChannels(String label, int count) {
        Map<String, List<TelemetryPoint>> channels = new LinkedHashMap<>();
        sources.stream().limit(count).forEach(source -> channels.put(source.id() + "." + label,
                ChannelFeed.points(source, source.id() + "." + label)));
        return channels;
    }

    /** key to dead-letter reason, once every key is on the DLQ or after 60 s. */
    private static Map<String, String> awaitDeadLetters(List<String> keys) {
        Map<String, String> reasons = new LinkedHashMap<>();
        awaitTrue(() -> {
            reasons.clear();
            for (ConsumerRecord<String, byte[]> record : readDeadLetters()) {
                if (keys.contains(record.key())) {
                    var reason = record.headers().lastHeader(Topics.DLQ_REASON);
                    reasons.put(record.key(), reason == null ? "(no reason)" : TelemetryJson.utf8(reason.value()));
                }
            }
            return reasons.keySet().containsAll(keys);
        }, Duration.ofSeconds(60));
        return reasons;
    }

    private static Set<String> deadLetterKeys() {
        return readDeadLetters().stream().map(ConsumerRecord::key).collect(Collectors.toSet());
    }

    private static List<ConsumerRecord<String, byte[]>> readDeadLetters() {
        try (TopicClient topics = new TopicClient(pipeline.bootstrapServers())) {
            return topics.readAll(Topics.DLQ);
        }
    }

    private static boolean awaitTrue(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            ServiceProcess.sleep(500);
        }
        return true;
    }

    private static JsonNode readJson(String body) {
        try {
            return TelemetryJson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + abbreviate(body), e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 70 ? text : text.substring(0, 70) + "...";
    }

    /** The status of a service's readiness check. */
    private static int ready(ServiceProcess service) {
        return HttpProbe.get(pipeline.managementUrl(service) + "/q/health/ready", null).status();
    }

    /** A port offset whose standard ports (Kafka, APIs, management) are all free now. */
    private static int freePortOffset() {
        return IntStream.iterate(31_000, offset -> offset + 101).limit(100).filter(offset -> {
            try {
                PortCheck.requireFree(LocalPipeline.Ports.standard(offset).roles());
                return true;
            } catch (IllegalStateException e) {
                return false;
            }
        }).findFirst().orElseThrow();
    }
}

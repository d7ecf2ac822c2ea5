package space.telemetry.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import space.telemetry.contract.TelemetryJson;
import space.telemetry.contract.Topics;

/** The benchmark's figures as JSON and as the table of issue 8 (records/s, ratios, goals, memory, bytes). */
final class BenchmarkReport {
    private static final double MB = 1024.0 * 1024.0;

    private BenchmarkReport() {
    }

    static Path write(Map<String, Object> report, Path file) {
        try {
            Files.createDirectories(file.getParent());
            TelemetryJson.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), report);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The table: throughput against Kafka's own producer, the goals of issue 8, memory, CPU, bytes; only the parts
     * of the phases that ran ({@code --only}).
     */
    @SuppressWarnings("unchecked")
    static List<String> table(Map<String, Object> report) {
        Map<String, Object> detection = (Map<String, Object>) report.get("inProcessDetection");
        Map<String, Object> run = (Map<String, Object>) report.get("maxSpeedRun");
        Map<String, Object> tools = (Map<String, Object>) report.get("kafkaTools");
        Map<String, Object> alone = (Map<String, Object>) report.get("replayAlone");
        Map<String, Object> paced = (Map<String, Object>) report.get("pacedRun");
        KafkaTools.ProducerResult producer = tools == null ? null : (KafkaTools.ProducerResult) tools.get("producer");
        KafkaTools.ProducerResult aloneProducer = alone == null ? null
                : (KafkaTools.ProducerResult) alone.get("producer");
        double base = producer != null ? producer.recordsPerSecond()
                : aloneProducer != null ? aloneProducer.recordsPerSecond() : Double.NaN;
        double inProcess = detection == null ? Double.NaN : (Double) detection.get("pointsPerSecond");
        double replay = run == null ? Double.NaN : (Double) run.get("replayRecordsPerSecond");
        double endToEnd = run == null ? Double.NaN : (Double) run.get("endToEndRecordsPerSecond");
        double replayAlone = alone == null ? Double.NaN : (Double) alone.get("jobRecordsPerSecond");
        List<String> lines = new ArrayList<>();
        lines.add("=== Benchmark (one run, one machine: " + machine(report) + ")"
                + (Boolean.FALSE.equals(report.get("scores")) ? ", without per-point scores" : "") + " ===");
        lines.add("phases: " + report.get("phases"));
        Object nice = ((Map<?, ?>) report.get("machine")).get("autogroupNice");
        if (nice instanceof Integer value && value != 0) {
            lines.add("warning: this session's scheduler autogroup has nice " + value + ", PostgreSQL's processes (an"
                    + " autogroup each) do not: " + (value < 0 ? "they wait for the CPU beside the services and the"
                    + " stored latency grows" : "the services wait for the CPU beside them") + "; measure at nice 0");
        }
        if (Boolean.TRUE.equals(report.get("profiled"))) {
            lines.add("warning: the services ran under a profiler (--profile or --flame), Kafka's tools did not: the"
                    + " rates and ratios below are not the goals' measure");
        }
        if (producer != null || detection != null || run != null || alone != null) {
            lines.add("| | records/s | vs Kafka's producer |");
            lines.add("|---|---|---|");
        }
        if (producer != null) {
            KafkaTools.ConsumerResult consumer = (KafkaTools.ConsumerResult) tools.get("consumer");
            lines.add(row(String.format(Locale.ROOT, "Kafka's `ProducerPerformance` (%,d x %d B, %s), after the "
                    + "max-speed run, the services idle", producer.records(), tools.get("recordSizeBytes"),
                    tools.get("producerSettings")), base, base));
            lines.add(row(String.format(Locale.ROOT, "Kafka's `ConsumerPerformance` on `telemetry.raw` (fetch time "
                    + "only; %,.0f/s with the group join)", consumer.recordsPerSecond()),
                    consumer.fetchRecordsPerSecond(), base));
        }
        if (detection != null) {
            lines.add(row(String.format(Locale.ROOT, "in-process detectors (the evaluation's detection, %d threads, "
                    + "%.1f s, %.1f CPU-s)", detection.get("threads"), detection.get("seconds"),
                    detection.get("cpuSeconds")), inProcess, base));
        }
        if (run != null) {
            lines.add(row("replay-service at `max` in the pipeline (detector, store, broker on the same cores)", replay,
                    base));
            lines.add(row(String.format(Locale.ROOT, "end to end (all %,d records -> all %d events stored after %.1f s)",
                    run.get("records"), run.get("events"), run.get("endToEndSeconds")), endToEnd, base));
        }
        if (alone != null) {
            lines.add(row(String.format(Locale.ROOT, "Kafka's `ProducerPerformance` alone (%,d x %d B, fresh broker, "
                    + "nothing else running)", aloneProducer.records(), alone.get("recordSizeBytes")),
                    aloneProducer.recordsPerSecond(), base));
            lines.add(row("replay-service at `max` alone (fresh broker, no detector or store; its own clock, first send"
                    + " to last acknowledgement, as `ProducerPerformance` measures itself)", replayAlone, base));
            lines.add(row(String.format(Locale.ROOT, "the same replay from the request to COMPLETED as a client polls it"
                    + " (%.2f s against %.2f s)", alone.get("seconds"), alone.get("jobSeconds")),
                    (Double) alone.get("recordsPerSecond"), base));
        }
        lines.add("");
        lines.add("goals:");
        if (alone != null) {
            double ratio = replayAlone / aloneProducer.recordsPerSecond();
            lines.add(goal("replay alone / Kafka's producer alone", ratio, ">= 0.6", ratio >= 0.6));
        }
        if (run != null && producer != null) {
            lines.add(String.format(Locale.ROOT, "  %-36s %.2f (in the pipeline, not the goal's measure)",
                    "replay in pipeline / Kafka's producer", replay / base));
        }
        if (run != null && detection != null) {
            lines.add(goal("end to end / in-process detectors", endToEnd / inProcess, ">= 0.6",
                    endToEnd / inProcess >= 0.6));
            lines.add(cpuBound(report, run, detection));
        }
        if (paced != null) {
            Map<String, Object> stored = (Map<String, Object>) paced.get("producedToStoredMs");
            double p50 = (Double) stored.get("p50");
            double p99 = (Double) stored.get("p99");
            lines.add(String.format(Locale.ROOT, "  %-36s p50 %.0f ms, p99 %.0f ms (goal <= 50, <= 250): %s",
                    "latency produced -> stored", p50, p99, p50 <= 50 && p99 <= 250 ? "met" : "NOT met"));
        }
        Map<String, Map<String, Object>> services = run == null ? null
                : (Map<String, Map<String, Object>>) run.get("services");
        if (services != null) {
            long rss = services.values().stream().mapToLong(s -> (Long) s.get("rssBytes")).sum();
            lines.add(String.format(Locale.ROOT, "  %-36s %.0f MB (goal <= 900 MB): %s", "RSS of the three services",
                    rss / MB, rss <= 900 * MB ? "met" : "NOT met"));
        }
        lines.add("");
        if (paced != null) {
            lines.add(String.format(Locale.ROOT, "paced run: %d channels at speed %.1f, %,d records in %.1f s = %,.0f "
                    + "records/s; %d events", paced.get("channels"), paced.get("speed"), paced.get("records"),
                    paced.get("seconds"), paced.get("recordsPerSecond"), paced.get("events")));
            lines.add("  produced -> published (anomalies record): "
                    + latencies((Map<String, Object>) paced.get("producedToPublishedMs")));
            lines.add("  produced -> stored (events.created_at):   "
                    + latencies((Map<String, Object>) paced.get("producedToStoredMs")));
            lines.add("  the services' own histograms (Prometheus buckets, interpolated):");
            lines.add("    " + server((Map<String, Object>) paced.get("serverCommitted"), "produced -> event committed"));
            lines.add("    " + server((Map<String, Object>) paced.get("serverStored"), "produced -> event row stored"));
            batches(lines, (Map<String, Object>) paced.get("serverBatch"), "detector batch, detection only");
            batches(lines, (Map<String, Object>) paced.get("serverTransaction"), "detector batch + transaction");
        }
        if (services != null) {
            long rss = services.values().stream().mapToLong(s -> (Long) s.get("rssBytes")).sum();
            lines.add("memory after the full replay (VmRSS now / VmHWM peak):");
            services.forEach((name, s) -> lines.add(String.format(Locale.ROOT, "  %-20s %5.0f MB / %5.0f MB", name,
                    (Long) s.get("rssBytes") / MB, (Long) s.get("peakRssBytes") / MB)));
            lines.add(String.format(Locale.ROOT, "  %-20s %5.0f MB", "total", rss / MB));
            Map<String, Long> liveBefore = (Map<String, Long>) run.get("liveHeapBytesBefore");
            Map<String, Long> liveAfter = (Map<String, Long>) run.get("liveHeapBytesAfter");
            liveAfter.forEach((name, bytes) -> lines.add(String.format(Locale.ROOT,
                    "  %-20s live heap after a full GC: %5.1f MB before the replay, %5.1f MB after", name,
                    liveBefore.get(name) / MB, bytes / MB)));
            int channels = (Integer) run.get("channels");
            liveAfter.keySet().stream().filter(name -> name.startsWith("detector")).forEach(name -> lines.add(
                    String.format(Locale.ROOT, "  %-20s %.0f KB of live heap per channel (%d channels)", name,
                            (liveAfter.get(name) - liveBefore.get(name)) / 1024.0 / channels, channels)));
        }
        lines.add("CPU per record (robust to other load on the machine, unlike the rates):");
        if (producer != null) {
            KafkaTools.ConsumerResult consumer = (KafkaTools.ConsumerResult) tools.get("consumer");
            lines.add(cpu("Kafka's producer client", producer.cpuSeconds(), producer.records()));
            lines.add(cpu("broker during it", (Double) tools.get("producerBrokerCpuSeconds"), producer.records()));
            lines.add(cpu("Kafka's consumer client", consumer.cpuSeconds(), consumer.records()));
        }
        if (detection != null) {
            lines.add(cpu("in-process detection", (Double) detection.get("cpuSeconds"),
                    ((Number) detection.get("points")).longValue()));
        }
        if (run != null) {
            long records = ((Number) run.get("records")).longValue();
            services.forEach((name, s) -> lines.add(cpu(name, (Double) s.get("cpuSeconds"), records)));
            lines.add(cpu("broker (max-speed run)", (Double) run.get("brokerCpuSeconds"), records));
        }
        if (alone != null) {
            long records = ((Number) alone.get("records")).longValue();
            lines.add(cpu("replay-service (alone)", (Double) alone.get("cpuSeconds"), records));
            lines.add(cpu("broker (replay alone)", (Double) alone.get("brokerCpuSeconds"), records));
            lines.add(cpu("Kafka's producer client alone", aloneProducer.cpuSeconds(), aloneProducer.records()));
            lines.add(cpu("broker (producer alone)", (Double) alone.get("producerBrokerCpuSeconds"),
                    aloneProducer.records()));
            lines.add("  batches, replay alone: " + ProducerMetrics.describe((Map<String, Double>) alone.get("batches")));
            lines.add("  batches, producer alone: " + ProducerMetrics.describe(aloneProducer.batches()));
        }
        if (paced != null) {
            long pacedRecords = ((Number) paced.get("records")).longValue();
            ((Map<String, Map<String, Object>>) paced.get("services")).forEach((name, s) -> lines.add(cpu(
                    name + " (paced run)", (Double) s.get("cpuSeconds"), pacedRecords)));
        }
        if (run != null) {
            long records = ((Number) run.get("records")).longValue();
            Map<String, Object> raw = (Map<String, Object>) run.get("rawRecords");
            Number rawOnDisk = ((Map<String, Number>) run.get("topicBytes")).get(Topics.RAW);
            lines.add(String.format(Locale.ROOT, "telemetry.raw records: key %.1f B, value %.1f B on average; %.1f B "
                    + "per record on disk (batched, compressed as produced)", raw.get("meanKeyBytes"),
                    raw.get("meanValueBytes"), rawOnDisk == null ? Double.NaN : rawOnDisk.doubleValue() / records));
            lines.add("topic bytes: " + run.get("topicBytes"));
        }
        return lines;
    }

    private static String cpu(String what, double seconds, long records) {
        return String.format(Locale.ROOT, "  %-28s %7.1f CPU-s  %6.1f us/record", what, seconds, seconds * 1e6 / records);
    }

    private static String machine(Map<String, Object> report) {
        Map<?, ?> machine = (Map<?, ?>) report.get("machine");
        return String.format(Locale.ROOT, "%s cores, %.0f GB, %s, load %.2f at start", machine.get("processors"),
                ((Long) machine.get("memoryBytes")) / MB / 1024, machine.get("java"), machine.get("loadAverageAtStart"));
    }

    private static String row(String what, double rate, double base) {
        return String.format(Locale.ROOT, "| %s | %,.0f | %.2f |", what, rate, rate / base);
    }

    private static String goal(String what, double ratio, String target, boolean met) {
        return String.format(Locale.ROOT, "  %-36s %.2f (goal %s): %s", what, ratio, target, met ? "met" : "NOT met");
    }

    private static String server(Map<String, Object> h, String what) {
        return h == null ? what + ": not measured" : server(h, what, "events");
    }

    /** One of the services' histograms: p50 and p99 over its {@code count} samples, which are {@code counted}. */
    private static String server(Map<String, Object> h, String what, String counted) {
        return String.format(Locale.ROOT, "%-30s p50 %.0f ms, p99 %.0f ms over %d %s (%s)", what, h.get("p50"),
                h.get("p99"), h.get("count"), counted, h.get("metric"));
    }

    /**
     * What the cores allow end to end: at best the pipeline (services and broker) keeps every core busy, so its
     * rate is at most records x cores / its CPU-seconds, and against the in-process detection's rate (points /
     * seconds) the ratio at most cores x seconds x records / (points x CPU-seconds), however its work is scheduled.
     * PostgreSQL's CPU is not counted (other processes), so the bound is loose by its share.
     */
    @SuppressWarnings("unchecked")
    static String cpuBound(Map<String, Object> report, Map<String, Object> run, Map<String, Object> detection) {
        double pipelineCpu = (Double) run.get("brokerCpuSeconds") + ((Map<String, Map<String, Object>>) run
                .get("services")).values().stream().mapToDouble(s -> (Double) s.get("cpuSeconds")).sum();
        int cores = (Integer) ((Map<?, ?>) report.get("machine")).get("processors");
        double recordsPerPoint = ((Number) run.get("records")).doubleValue()
                / ((Number) detection.get("points")).doubleValue();
        double busy = pipelineCpu / (cores * (Double) run.get("endToEndSeconds"));
        return String.format(Locale.ROOT, "  %-36s %.2f if its services and broker kept the %d cores busy (they took"
                + " %.1f CPU-s, %.0f%% of the cores over its %.1f s, PostgreSQL not counted; the in-process detection"
                + " %.1f s)", "end to end / in-process, CPU ceiling", cores * (Double) detection.get("seconds")
                * recordsPerPoint / pipelineCpu, cores, pipelineCpu, busy * 100, run.get("endToEndSeconds"),
                detection.get("seconds"));
    }

    private static void batches(List<String> lines, Map<String, Object> batch, String what) {
        if (batch != null) {
            lines.add("    " + server(batch, what, "batches"));
        }
    }

    private static String latencies(Map<String, Object> p) {
        return String.format(Locale.ROOT, "p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms", p.get("p50"),
                p.get("p90"), p.get("p99"), p.get("max"));
    }
}

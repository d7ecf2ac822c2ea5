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

    /** The table: throughput against Kafka's own producer, the goals of issue 8, memory, CPU, bytes. */
    @SuppressWarnings("unchecked")
    static List<String> table(Map<String, Object> report) {
        Map<String, Object> detection = (Map<String, Object>) report.get("inProcessDetection");
        Map<String, Object> run = (Map<String, Object>) report.get("maxSpeedRun");
        Map<String, Object> tools = (Map<String, Object>) report.get("kafkaTools");
        Map<String, Object> paced = (Map<String, Object>) report.get("pacedRun");
        KafkaTools.ProducerResult producer = (KafkaTools.ProducerResult) tools.get("producer");
        KafkaTools.ConsumerResult consumer = (KafkaTools.ConsumerResult) tools.get("consumer");
        double base = producer.recordsPerSecond();
        double inProcess = (Double) detection.get("pointsPerSecond");
        double replay = (Double) run.get("replayRecordsPerSecond");
        double endToEnd = (Double) run.get("endToEndRecordsPerSecond");
        List<String> lines = new ArrayList<>();
        lines.add("=== Benchmark (one run, one machine: " + machine(report) + ") ===");
        lines.add("| | records/s | vs Kafka's producer |");
        lines.add("|---|---|---|");
        lines.add(row(String.format(Locale.ROOT, "Kafka's `ProducerPerformance` (%,d x %d B, %s)", producer.records(),
                tools.get("recordSizeBytes"), tools.get("producerSettings")), base, base));
        lines.add(row(String.format(Locale.ROOT, "Kafka's `ConsumerPerformance` on `telemetry.raw` (fetch time only; "
                + "%,.0f/s with the group join)", consumer.recordsPerSecond()), consumer.fetchRecordsPerSecond(), base));
        lines.add(row(String.format(Locale.ROOT, "in-process detectors (the evaluation's detection, %d threads, "
                + "%.1f s, %.1f CPU-s)", detection.get("threads"), detection.get("seconds"), detection.get("cpuSeconds")),
                inProcess, base));
        lines.add(row("replay-service at `max`", replay, base));
        lines.add(row(String.format(Locale.ROOT, "end to end (all %,d records -> all %d events stored after %.1f s)",
                run.get("records"), run.get("events"), run.get("endToEndSeconds")), endToEnd, base));
        Map<String, Object> stored = (Map<String, Object>) paced.get("producedToStoredMs");
        Map<String, Object> published = (Map<String, Object>) paced.get("producedToPublishedMs");
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) run.get("services");
        long rss = services.values().stream().mapToLong(s -> (Long) s.get("rssBytes")).sum();
        lines.add("");
        lines.add("goals:");
        lines.add(goal("replay / Kafka's producer", replay / base, ">= 0.6", replay / base >= 0.6));
        lines.add(goal("end to end / in-process detectors", endToEnd / inProcess, ">= 0.6", endToEnd / inProcess >= 0.6));
        double p50 = (Double) stored.get("p50");
        double p99 = (Double) stored.get("p99");
        lines.add(String.format(Locale.ROOT, "  %-36s p50 %.0f ms, p99 %.0f ms (goal <= 50, <= 250): %s",
                "latency produced -> stored", p50, p99, p50 <= 50 && p99 <= 250 ? "met" : "NOT met"));
        lines.add(String.format(Locale.ROOT, "  %-36s %.0f MB (goal <= 900 MB): %s", "RSS of the three services",
                rss / MB, rss <= 900 * MB ? "met" : "NOT met"));
        lines.add("");
        lines.add(String.format(Locale.ROOT, "paced run: %d channels at speed %.1f, %,d records in %.1f s = %,.0f records/s;"
                + " %d events", paced.get("channels"), paced.get("speed"), paced.get("records"), paced.get("seconds"),
                paced.get("recordsPerSecond"), paced.get("events")));
        lines.add("  produced -> published (anomalies record): " + latencies(published));
        lines.add("  produced -> stored (events.created_at):   " + latencies(stored));
        lines.add("  the services' own histograms (Prometheus buckets, interpolated):");
        lines.add("    " + server((Map<String, Object>) paced.get("serverCommitted"), "produced -> event committed"));
        lines.add("    " + server((Map<String, Object>) paced.get("serverStored"), "produced -> event row stored"));
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
        long records = ((Number) run.get("records")).longValue();
        lines.add("CPU per record (robust to other load on the machine, unlike the rates):");
        lines.add(cpu("Kafka's producer client", producer.cpuSeconds(), producer.records()));
        lines.add(cpu("broker during it", (Double) tools.get("producerBrokerCpuSeconds"), producer.records()));
        lines.add(cpu("Kafka's consumer client", consumer.cpuSeconds(), consumer.records()));
        lines.add(cpu("in-process detection", (Double) detection.get("cpuSeconds"),
                ((Number) detection.get("points")).longValue()));
        services.forEach((name, s) -> lines.add(cpu(name, (Double) s.get("cpuSeconds"), records)));
        lines.add(cpu("broker (max-speed run)", (Double) run.get("brokerCpuSeconds"), records));
        long pacedRecords = ((Number) paced.get("records")).longValue();
        ((Map<String, Map<String, Object>>) paced.get("services")).forEach((name, s) -> lines.add(cpu(
                name + " (paced run)", (Double) s.get("cpuSeconds"), pacedRecords)));
        Map<String, Object> raw = (Map<String, Object>) run.get("rawRecords");
        Number rawOnDisk = ((Map<String, Number>) run.get("topicBytes")).get(Topics.RAW);
        lines.add(String.format(Locale.ROOT, "telemetry.raw records: key %.1f B, value %.1f B on average; %.1f B per "
                + "record on disk (batched, compressed as produced)", raw.get("meanKeyBytes"), raw.get("meanValueBytes"),
                rawOnDisk == null ? Double.NaN : rawOnDisk.doubleValue() / records));
        lines.add("topic bytes: " + run.get("topicBytes"));
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
        return String.format(Locale.ROOT, "%-30s p50 %.0f ms, p99 %.0f ms over %d events (%s)", what, h.get("p50"),
                h.get("p99"), h.get("count"), h.get("metric"));
    }

    private static String latencies(Map<String, Object> p) {
        return String.format(Locale.ROOT, "p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms", p.get("p50"),
                p.get("p90"), p.get("p99"), p.get("max"));
    }
}

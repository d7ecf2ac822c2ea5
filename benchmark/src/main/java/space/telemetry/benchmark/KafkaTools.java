package space.telemetry.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Kafka's own {@code ProducerPerformance} and {@code ConsumerPerformance} (artifact kafka-tools, the broker's
 * version) as child JVMs on this JVM's class path, and the figures they print.
 */
final class KafkaTools {
    private static final long TIMEOUT_MINUTES = 10;

    /**
     * What ProducerPerformance printed last: records/s, MB/s and its send-to-ack latencies (ms); and its client's
     * batch figures ({@link ProducerMetrics}).
     */
    record ProducerResult(long records, double recordsPerSecond, double megabytesPerSecond, double avgLatencyMs,
            double p50Ms, double p99Ms, String line, double cpuSeconds, Map<String, Double> batches) {
    }

    /**
     * What ConsumerPerformance printed: records/s over the whole run (with the group join) and over the fetch time
     * alone.
     */
    record ConsumerResult(long records, double recordsPerSecond, double fetchRecordsPerSecond, double megabytes,
            String line, double cpuSeconds) {
    }

    /** A tool's output lines and the CPU time its JVM took (last seen before it exited). */
    record Output(List<String> lines, double cpuSeconds) {
    }

    private KafkaTools() {
    }

    /** ProducerPerformance: {@code records} records of {@code recordSize} bytes, unthrottled, with these settings. */
    static ProducerResult produce(String bootstrapServers, String topic, long records, int recordSize,
            Map<String, String> settings, Path log) {
        List<String> args = new ArrayList<>(List.of("org.apache.kafka.tools.ProducerPerformance", "--topic", topic,
                "--num-records", Long.toString(records), "--record-size", Integer.toString(recordSize),
                "--throughput", "-1", "--print-metrics", "--producer-props", "bootstrap.servers=" + bootstrapServers));
        settings.forEach((key, value) -> args.add(key + "=" + value));
        Output output = run(args, log);
        String last = output.lines().stream().filter(line -> line.contains("records sent") && line.contains("99th"))
                .reduce((a, b) -> b).orElseThrow(() -> new IllegalStateException(
                        "ProducerPerformance printed no summary; see " + log));
        return parseProducer(last, output.cpuSeconds(), ProducerMetrics.fromToolOutput(output.lines()));
    }

    /** ConsumerPerformance: reads {@code records} records of {@code topic} from the beginning in a new group. */
    static ConsumerResult consume(String bootstrapServers, String topic, long records, Path log) {
        Output output = run(List.of("org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server",
                bootstrapServers, "--topic", topic, "--messages", Long.toString(records), "--group",
                "benchmark-consumer-performance-" + System.nanoTime(), "--timeout", "60000"), log);
        return parseConsumer(output, log);
    }

    /** "706971 records sent, 142938.0 records/sec (58.07 MB/sec), 2.10 ms avg latency, ... 3 ms 50th, ... 99th..." */
    static ProducerResult parseProducer(String line, double cpuSeconds, Map<String, Double> batches) {
        String[] parts = line.split(",");
        return new ProducerResult(Long.parseLong(firstWord(parts[0])), Double.parseDouble(firstWord(parts[1])),
                Double.parseDouble(parts[1].substring(parts[1].indexOf('(') + 1).trim().split(" ")[0]),
                Double.parseDouble(firstWord(parts[2])), Double.parseDouble(firstWord(parts[4])),
                Double.parseDouble(firstWord(parts[6])), line.trim(), cpuSeconds, batches);
    }

    /**
     * The header line (start.time, end.time, data.consumed.in.MB, ...) and the next line of figures (log lines may
     * come between them).
     */
    static ConsumerResult parseConsumer(Output tool, Path log) {
        List<String> output = tool.lines();
        int header = -1;
        for (int i = 0; i < output.size(); i++) {
            if (output.get(i).startsWith("start.time")) {
                header = i;
            } else if (header >= 0 && !output.get(i).isEmpty() && Character.isDigit(output.get(i).charAt(0))) {
                Map<String, String> row = new LinkedHashMap<>();
                String[] names = output.get(header).split(",");
                String[] values = output.get(i).split(",");
                for (int c = 0; c < Math.min(names.length, values.length); c++) {
                    row.put(names[c].trim(), values[c].trim());
                }
                return new ConsumerResult(Long.parseLong(row.get("data.consumed.in.nMsg")),
                        Double.parseDouble(row.get("nMsg.sec")), Double.parseDouble(row.get("fetch.nMsg.sec")),
                        Double.parseDouble(row.get("data.consumed.in.MB")), output.get(i).trim(), tool.cpuSeconds());
            }
        }
        throw new IllegalStateException("ConsumerPerformance printed no figures; see " + log);
    }

    private static String firstWord(String text) {
        return text.trim().split(" ")[0];
    }

    /** Runs a tool's main class in a child JVM on this JVM's class path; its output goes to {@code log} too. */
    private static Output run(List<String> mainAndArgs, Path log) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classPath()));
        command.addAll(mainAndArgs);
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(TIMEOUT_MINUTES);
            double cpu = 0;
            while (!process.waitFor(50, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
                cpu = process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(cpu);
            }
            if (process.isAlive()) {
                process.destroyForcibly();
                throw new IllegalStateException(mainAndArgs.get(0) + " took over " + TIMEOUT_MINUTES + " min; see "
                        + log);
            }
            List<String> output = Files.readAllLines(log);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(mainAndArgs.get(0) + " exited with " + process.exitValue() + ": "
                        + String.join("\n", output.subList(Math.max(0, output.size() - 20), output.size())));
            }
            return new Output(output, cpu);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + mainAndArgs.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** This JVM's class path; when started with -jar, the jar and its lib/ directory (the manifest's Class-Path). */
    private static String classPath() {
        String classPath = System.getProperty("java.class.path");
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            Path jar = Path.of(classPath).toAbsolutePath();
            return jar + java.io.File.pathSeparator + jar.resolveSibling("lib").resolve("*");
        }
        return classPath;
    }
}

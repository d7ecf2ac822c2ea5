package space.telemetry.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A process's resident memory ({@code /proc/<pid>/status}: VmRSS now, VmHWM its peak) and CPU time so far. */
record ProcessStats(long rssBytes, long peakRssBytes, double cpuSeconds) {

    static ProcessStats of(long pid) {
        try {
            String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
            double cpu = ProcessHandle.of(pid).flatMap(handle -> handle.info().totalCpuDuration())
                    .map(Duration::toNanos).orElse(0L) / 1e9;
            return new ProcessStats(kilobytes(status, "VmRSS:") * 1024, kilobytes(status, "VmHWM:") * 1024, cpu);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the status of process " + pid, e);
        }
    }

    /**
     * The heap a JVM keeps after a full collection ({@code jcmd <pid> GC.run}, then the "used" figures of
     * {@code GC.heap_info}, young and old generation): its live set.
     */
    static long liveHeapBytes(long pid) {
        jcmd(pid, "GC.run");
        return heapUsed(jcmd(pid, "GC.heap_info"));
    }

    /**
     * The sum of the "total NK, used NK" figures in {@code GC.heap_info}'s output: the generations of the serial
     * collector, G1's one heap line (Metaspace has no total).
     */
    static long heapUsed(String heapInfo) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K")
                .matcher(heapInfo);
        long bytes = 0;
        while (matcher.find()) {
            bytes += Long.parseLong(matcher.group(1)) * 1024;
        }
        return bytes;
    }

    private static String jcmd(long pid, String command) {
        try {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run jcmd", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of a "Name:   1234 kB" line. */
    static long kilobytes(String status, String field) {
        return status.lines().filter(line -> line.startsWith(field)).findFirst()
                .map(line -> Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]))
                .orElseThrow(() -> new IllegalStateException("no " + field + " in /proc status"));
    }
}

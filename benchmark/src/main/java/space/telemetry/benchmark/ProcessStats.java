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

    /** The value of a "Name:   1234 kB" line. */
    static long kilobytes(String status, String field) {
        return status.lines().filter(line -> line.startsWith(field)).findFirst()
                .map(line -> Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]))
                .orElseThrow(() -> new IllegalStateException("no " + field + " in /proc status"));
    }
}

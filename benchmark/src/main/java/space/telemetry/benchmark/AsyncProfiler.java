package space.telemetry.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * async-profiler (Maven Central {@code tools.profiler:async-profiler}, its native library inside the jar) as a JVM
 * agent that samples CPU from the start and writes a flame graph when the JVM exits.
 */
final class AsyncProfiler {
    private static final String LIBRARY = "linux-x64/libasyncProfiler.so";

    private AsyncProfiler() {
    }

    /** Copies the native library out of the jar on the class path into {@code directory}; returns its path. */
    static Path extract(Path directory) {
        if (!System.getProperty("os.name").equals("Linux") || !System.getProperty("os.arch").equals("amd64")) {
            throw new IllegalStateException("--flame needs Linux on x86-64 (async-profiler's " + LIBRARY + ")");
        }
        try (InputStream library = AsyncProfiler.class.getClassLoader().getResourceAsStream(LIBRARY)) {
            if (library == null) {
                throw new IllegalStateException(LIBRARY + " is not on the class path (tools.profiler:async-profiler)");
            }
            Files.createDirectories(directory);
            Path file = directory.resolve("libasyncProfiler.so");
            Files.copy(library, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + LIBRARY, e);
        }
    }

    /** The JVM option: CPU samples every 10 ms from start to exit, then a flame graph (HTML) in {@code flameGraph}. */
    static String agentOption(Path library, Path flameGraph) {
        return "-agentpath:" + library + "=start,event=cpu,interval=10ms,file=" + flameGraph;
    }
}

package space.telemetry.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** One packaged Quarkus service as a child JVM on 127.0.0.1, logging to a file; it can be killed and started again. */
public final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final String name;
    private final Path jar;
    private final int port;
    private final int managementPort;
    private final Map<String, String> properties;
    private final Path log;
    private final Path watchdog;
    private final List<String> jvmOptions;
    private Process process;

    /**
     * A service named {@code name} (its log is {@code logDir/name.log}) run from {@code jar} with the given system
     * properties and extra JVM options (e.g. a flight recording); {@code watchdog} is the {@link ParentWatchdog}
     * agent jar.
     */
    public ServiceProcess(String name, Path jar, int port, int managementPort, Map<String, String> properties,
            List<String> jvmOptions, Path logDir, Path watchdog) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not built: " + jar + " is missing (run ./mvnw package -DskipTests)");
        }
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.managementPort = managementPort;
        this.properties = properties;
        this.log = logDir.resolve(name + ".log");
        this.watchdog = watchdog;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    public String name() {
        return name;
    }

    /** The API: {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Health and metrics: {@code http://127.0.0.1:<management port>}. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public Path log() {
        return log;
    }

    /** The running JVM's process id. */
    public long pid() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        return process.pid();
    }

    /** Starts the JVM and waits until its readiness check (on the management port) is UP. */
    public ServiceProcess start(Duration timeout) {
        List<String> command = new ArrayList<>(List.of(javaBin(),
                "-javaagent:" + watchdog,
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + managementPort));
        command.addAll(jvmOptions);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        try {
            Files.createDirectories(log.getParent());
            // stdin stays a pipe from this JVM: the watchdog agent ends the service when it closes
            ProcessBuilder builder = new ProcessBuilder(command);
            // glibc's default of 8 malloc arenas per core holds tens of MB a JVM never gives back
            builder.environment().put("MALLOC_ARENA_MAX", "2");
            process = builder.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        awaitReady(timeout);
        return this;
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; see " + log
                        + ":\n" + tail());
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " was not ready on " + ready.uri() + " within " + timeout + "; see "
                + log + ":\n" + tail());
    }

    /** Kills the JVM and its descendants at once (SIGKILL): no shutdown hook, no flush, no commit. */
    public void kill() {
        if (process != null) {
            List<ProcessHandle> family = family();
            family.forEach(ProcessHandle::destroyForcibly);
            awaitExit(family, GRACE);
        }
    }

    /** Stops the JVM and its descendants gracefully (SIGTERM), with SIGKILL for those still alive after 30 s. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            List<ProcessHandle> family = family();
            family.forEach(ProcessHandle::destroy);
            awaitExit(family, GRACE).forEach(ProcessHandle::destroyForcibly);
            awaitExit(family, GRACE);
        }
    }

    /** The JVM and its descendants, taken before they are signalled (an orphan no longer counts as a descendant). */
    private List<ProcessHandle> family() {
        return Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
    }

    /** Waits up to {@code timeout} for every process to exit; returns those still alive. */
    private static List<ProcessHandle> awaitExit(List<ProcessHandle> processes, Duration timeout) {
        CompletableFuture<?> all = CompletableFuture.allOf(processes.stream().map(ProcessHandle::onExit)
                .toArray(CompletableFuture[]::new));
        try {
            all.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // some are still alive
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return processes.stream().filter(ProcessHandle::isAlive).toList();
    }

    /** The last lines of the service's log. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Sleeps; an interruption ends the wait with an {@link IllegalStateException} (the flag stays set). */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package space.telemetry.pipeline;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Fails before anything starts when a port the pipeline needs is taken, naming what holds it (an earlier run?). */
final class PortCheck {
    private static final Pattern SERVICE_JAR = Pattern.compile("([\\w.-]+)/target/quarkus-app/quarkus-run\\.jar");
    private static final Pattern PIPELINE_JAR = Pattern.compile("local-pipeline-[\\w.-]*\\.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PortCheck() {
    }

    /** Throws naming the first taken port of {@code ports} (port to what needs it, e.g. "replay-service API"). */
    static void requireFree(Map<Integer, String> ports) {
        ports.forEach((port, role) -> {
            if (taken(port)) {
                throw new IllegalStateException(describe(port, role));
            }
        });
    }

    private static boolean taken(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** What holds a taken port and what to do about it. */
    static String describe(int port, String role) {
        Optional<ProcessHandle> holder = listener(port).flatMap(ProcessHandle::of);
        String command = holder.flatMap(h -> h.info().commandLine()).orElse("");
        String pid = holder.map(h -> " (pid " + h.pid() + ")").orElse("");
        Optional<String> service = serviceName(command);
        String what;
        if (service.isPresent()) {
            what = "an earlier pipeline's " + service.get();
        } else if (PIPELINE_JAR.matcher(command).find()) {
            what = "an earlier pipeline";
        } else if (answersHealth(port)) {
            what = "a service answering /q/health";
        } else {
            what = "another process";
        }
        return "port " + port + " (" + role + ") is taken: " + what + " is still running on " + port + ": stop it"
                + pid + " or pass --port-offset";
    }

    /** The module of a packaged service's command line ({@code replay-service/target/quarkus-app/quarkus-run.jar}). */
    static Optional<String> serviceName(String commandLine) {
        Matcher jar = SERVICE_JAR.matcher(commandLine);
        return jar.find() ? Optional.of(jar.group(1)) : Optional.empty();
    }

    private static boolean answersHealth(int port) {
        try {
            HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The process listening on a TCP port, found through /proc (Linux; only processes of this user). */
    private static Optional<Long> listener(int port) {
        String hexPort = String.format(":%04X", port);
        List<String> inodes = Stream.of("/proc/net/tcp", "/proc/net/tcp6").map(Path::of).filter(Files::isReadable)
                .flatMap(PortCheck::lines).map(line -> line.trim().split("\\s+"))
                .filter(f -> f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A")) // 0A: LISTEN
                .map(f -> "socket:[" + f[9] + "]").toList();
        return ProcessHandle.allProcesses().map(ProcessHandle::pid)
                .filter(pid -> fds(pid).anyMatch(inodes::contains)).findFirst();
    }

    private static Stream<String> fds(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return "";
                }
            }).toList().stream();
        } catch (IOException | SecurityException e) {
            return Stream.empty();
        }
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}

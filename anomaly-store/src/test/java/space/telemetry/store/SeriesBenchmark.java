package space.telemetry.store;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import space.telemetry.localinfra.KafkaBroker;
import space.telemetry.localinfra.LocalCredentials;
import space.telemetry.localinfra.PostgresDatabase;

/**
 * The series endpoint's latency on a 10,000-point channel, measured against the packaged store (not a test): starts
 * {@code anomaly-store/target/quarkus-app/quarkus-run.jar} on a fresh database and an in-JVM broker, inserts the
 * points by SQL, warms up, then times sequential requests and prints p50/p90/p99/max. Run from the repository root:
 * <pre>
 * ./mvnw -o -q -pl anomaly-store -am package -DskipTests
 * ./mvnw -o -q -pl anomaly-store org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=space.telemetry.store.SeriesBenchmark [-Dexec.args="--requests 1000 --points 10000"]
 * </pre>
 */
public final class SeriesBenchmark {
    private SeriesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = options(args);
        int points = options.getOrDefault("--points", 10_000);
        int requests = options.getOrDefault("--requests", 1000);
        int warmup = options.getOrDefault("--warmup", 300);
        Path jar = Path.of(System.getProperty("store.jar", "anomaly-store/target/quarkus-app/quarkus-run.jar"))
                .toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: ./mvnw -o -q -pl anomaly-store -am package -DskipTests");
        }
        PostgresDatabase db = PostgresDatabase.fromEnvironment("anomalies_bench").ensureExists();
        db.execute("DROP TABLE IF EXISTS verdicts, labels, points, channels, events, flyway_schema_history CASCADE");
        LocalCredentials credentials = LocalCredentials.create(Files.createTempDirectory("bench-jwt"));
        KafkaBroker broker = KafkaBroker.shared();
        int port = KafkaBroker.freePort();
        int management = KafkaBroker.freePort();

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m"));
        Map<String, String> config = new java.util.TreeMap<>(db.quarkusConfig());
        config.putAll(credentials.serviceConfig());
        config.put("kafka.bootstrap.servers", broker.bootstrapServers());
        config.put("quarkus.http.port", String.valueOf(port));
        config.put("quarkus.http.host", "127.0.0.1");
        config.put("quarkus.management.port", String.valueOf(management));
        config.put("quarkus.management.host", "127.0.0.1");
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        Path log = Files.createTempFile("series-benchmark-store", ".log");
        Process store = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            awaitStarted(client, management, store, log);

            String channel = "BENCH-" + points;
            double[] values = new double[points];
            float[] scores = new float[points];
            for (int i = 0; i < points; i++) {
                values[i] = Math.sin(i / 30.0) + 0.05 * Math.sin(i * 7.1);
                scores[i] = (float) (0.2 + 0.1 * Math.abs(Math.sin(i / 200.0)));
            }
            StoreTestSupport.insertPoints(db, channel, "SMAP", "test", 0, StoreTestSupport.T0, Duration.ofMinutes(1),
                    values, scores);
            db.execute("ANALYZE points");
            String token = credentials.token("bench", Set.of(LocalCredentials.VIEWER), Duration.ofHours(1));
            System.out.printf("series of a %,d-point channel, %,d sequential requests after %,d warm-up, store on"
                    + " 127.0.0.1:%d (%s)%n", points, requests, warmup, port, log);
            int[] cases = {2000, 10_000};
            HttpRequest[] request = new HttpRequest[cases.length];
            long[] bytes = new long[cases.length];
            for (int c = 0; c < cases.length; c++) {
                URI uri = URI.create("http://127.0.0.1:" + port + "/channels/" + channel + "/series?maxPoints="
                        + cases[c]);
                request[c] = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build();
            }
            for (int i = 0; i < warmup; i++) {
                for (int c = 0; c < cases.length; c++) {
                    bytes[c] = send(client, request[c]).body().length;
                }
            }
            // the cases alternate, so that the machine's load weighs on both alike
            long[][] nanos = new long[cases.length][requests];
            String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
            for (int i = 0; i < requests; i++) {
                for (int c = 0; c < cases.length; c++) {
                    long start = System.nanoTime();
                    send(client, request[c]);
                    nanos[c][i] = System.nanoTime() - start;
                }
            }
            String loadAfter = Files.readString(Path.of("/proc/loadavg")).strip();
            for (int c = 0; c < cases.length; c++) {
                Arrays.sort(nanos[c]);
                System.out.printf("maxPoints=%-6d (%s, %,d bytes): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms,"
                        + " max %.1f ms%n", cases[c], cases[c] < points ? "downsampled" : "every point", bytes[c],
                        ms(nanos[c], 0.50), ms(nanos[c], 0.90), ms(nanos[c], 0.99),
                        nanos[c][requests - 1] / 1e6);
            }
            printServerSide(client, management);
            System.out.printf("load average (/proc/loadavg) before: %s, after: %s; cores: %d%n", loadBefore,
                    loadAfter, Runtime.getRuntime().availableProcessors());
        } finally {
            store.destroy();
            store.waitFor();
            broker.close();
        }
    }

    private static HttpResponse<byte[]> send(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + ": " + response.statusCode() + " "
                    + new String(response.body()));
        }
        return response;
    }

    private static void awaitStarted(HttpClient client, int management, Process store, Path log)
            throws InterruptedException, IOException {
        URI live = URI.create("http://127.0.0.1:" + management + "/q/health/live");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (!store.isAlive()) {
                throw new IllegalStateException("the store exited: " + Files.readString(log));
            }
            try {
                if (client.send(HttpRequest.newBuilder(live).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the store did not start within 2 minutes; log: " + log);
    }

    /** The store's own timer of the series endpoint (Micrometer, all requests and cases): mean and max. */
    private static void printServerSide(HttpClient client, int management) throws Exception {
        String metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management
                + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        double count = 0;
        double sum = 0;
        double max = 0;
        for (String line : metrics.split("\n")) {
            if (!line.contains("uri=\"/channels/{id}/series\"") || line.startsWith("#")) {
                continue;
            }
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (line.startsWith("http_server_requests_seconds_count")) {
                count += value;
            } else if (line.startsWith("http_server_requests_seconds_sum")) {
                sum += value;
            } else if (line.startsWith("http_server_requests_seconds_max")) {
                max = Math.max(max, value);
            }
        }
        System.out.printf("server side (http_server_requests_seconds, both cases, warm-up included): %,.0f requests,"
                + " mean %.1f ms, max of the last minutes %.1f ms%n", count, count == 0 ? 0 : 1000 * sum / count,
                1000 * max);
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    private static Map<String, Integer> options(String[] args) {
        Map<String, Integer> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], Integer.parseInt(args[i + 1]));
        }
        return options;
    }
}

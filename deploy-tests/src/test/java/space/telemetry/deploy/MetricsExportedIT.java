package space.telemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import space.telemetry.pipeline.LocalPipeline;
import space.telemetry.pipeline.ServiceProcess;
import space.telemetry.testdata.SyntheticDataset;

/**
 * Every metric a Prometheus panel of the operations board reads is exported by a service. The three packaged
 * services run on an in-JVM broker and the local PostgreSQL (as in the local pipeline), a small synthetic replay goes
 * through them (some meters exist only once used: per-spacecraft and per-detector counters, Kafka client metrics),
 * then each /q/metrics is scraped. The scraped names are written to target/scraped-metrics.txt.
 */
class MetricsExportedIT {
    @TempDir
    static Path data;

    static LocalPipeline pipeline;
    static final Path TARGET = Repo.ROOT.resolve("deploy-tests/target");
    static Map<String, Set<String>> exported = new TreeMap<>(); // service -> metric names

    @BeforeAll
    static void runPipeline() throws Exception {
        SyntheticDataset.write(data, 42);
        pipeline = LocalPipeline.start(new LocalPipeline.Settings(Repo.ROOT, data, "anomalies_metrics", 3, 1,
                LocalPipeline.Ports.free()));
        pipeline.clearEvents();
        String replay = pipeline.startReplay(Map.of("speed", "max"));
        pipeline.awaitReplay(replay, Duration.ofMinutes(3), status -> { });
        pipeline.awaitSettled(Duration.ofMinutes(3));
        Map<String, ServiceProcess> services = Map.of("replay-service", pipeline.replayService(),
                "detector-service", pipeline.detectorService(), "anomaly-store", pipeline.anomalyStore());
        for (Map.Entry<String, ServiceProcess> service : services.entrySet()) {
            String body = scrape(pipeline.managementUrl(service.getValue()) + "/q/metrics");
            Files.createDirectories(TARGET);
            Files.writeString(TARGET.resolve("metrics-" + service.getKey() + ".txt"), body);
            exported.put(service.getKey(), names(body));
        }
        StringBuilder report = new StringBuilder();
        exported.forEach((service, names) -> names.forEach(name -> report.append(service).append(' ').append(name)
                .append('\n')));
        Files.writeString(TARGET.resolve("scraped-metrics.txt"), report);
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /**
     * Kafka Exporter's metric (group lag from the brokers' committed offsets), not the services': the chart runs
     * Kafka Exporter (Strimzi's kafkaExporter), compose its own; not scraped here (no exporter on this machine).
     */
    static final Set<String> KAFKA_EXPORTER = Set.of("kafka_consumergroup_lag");

    @Test
    void everyMetricOfTheBoardIsExportedByAService() {
        Set<String> all = new TreeSet<>(KAFKA_EXPORTER);
        exported.values().forEach(all::addAll);
        Set<String> used = new TreeSet<>();
        for (Board.Query query : Board.queries(Board.read())) {
            if (query.datasourceUid().equals("prometheus")) {
                Set<String> names = Board.metricNames(query.text());
                assertThat(names).as("panel '%s' reads no metric: %s", query.panel(), query.text()).isNotEmpty();
                used.addAll(names);
                assertThat(all).as("metrics of panel '%s' (%s)", query.panel(), query.text()).containsAll(names);
            }
        }
        assertThat(used).as("the board's Prometheus panels").hasSizeGreaterThan(10);
    }

    @Test
    void theServicesExportTheirOwnMeters() {
        assertThat(exported.get("replay-service")).contains("replay_records_sent_total", "replay_running");
        assertThat(exported.get("detector-service")).contains("detector_records_in_total",
                "detector_anomalies_out_total", "detector_detection_latency_seconds_bucket",
                "detector_batch_duration_seconds_bucket", "detector_transaction_duration_seconds_bucket");
        assertThat(exported.get("anomaly-store")).contains("anomaly_store_events_upserted_total",
                "anomaly_store_upsert_seconds_count", "anomaly_store_event_latency_seconds_bucket");
    }

    private static String scrape(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    /** The metric names of a Prometheus text exposition. */
    static Set<String> names(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }
}

package space.telemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import space.telemetry.localinfra.PostgresDatabase;

/**
 * The operations board (infra/grafana/dashboards/operations.json): its datasources are the provisioned ones, and
 * every SQL query runs against the real schema: a database on the local PostgreSQL migrated with the anomaly
 * store's Flyway scripts, holding a few events and the points of one channel. Grafana's macros are replaced by what Grafana expands them to.
 */
class GrafanaBoardTest {
    static final Path MIGRATIONS = Repo.ROOT.resolve("anomaly-store/src/main/resources/db/migration");
    static PostgresDatabase database;

    @BeforeAll
    static void migrate() {
        database = PostgresDatabase.fromEnvironment("grafana_test").ensureExists();
        Flyway flyway = Flyway.configure()
                .dataSource(database.jdbcUrl(), database.user(), database.password())
                .locations("filesystem:" + MIGRATIONS).cleanDisabled(false).load();
        flyway.clean();
        flyway.migrate();
        database.execute("""
                INSERT INTO events (id, spacecraft, channel, detector, split, start_index, end_index, detected_index,
                    start_time, end_time, detected_time, peak_score, threshold, state, revision, created_at, updated_at)
                VALUES
                  ('00000000-0000-0000-0000-000000000001', 'SMAP', 'P-1', 'forecast-fast', 'test', 10, 20, 12,
                   '2026-01-01T00:10Z', '2026-01-01T00:20Z', '2026-01-01T00:12Z', 9.5, 8, 'closed', 530,
                   '2026-03-01T10:00Z', '2026-03-01T10:05Z'),
                  ('00000000-0000-0000-0000-000000000002', 'MSL', 'M-1', 'forecast-slow', 'test', 40, 41, 40,
                   '2026-01-01T00:40Z', '2026-01-01T00:41Z', '2026-01-01T00:40Z', 4.5, 4, 'open', 2040,
                   '2026-03-01T11:00Z', '2026-03-01T11:00Z'),
                  ('00000000-0000-0000-0000-000000000003', 'SMAP', 'P-1', 'shape', 'test', 10, 20, 11,
                   '2026-03-01T00:10Z', '2026-03-01T00:20Z', '2026-03-01T00:11Z', 0.9, 0.5, 'closed', 12,
                   '2026-03-01T12:00Z', '2026-03-01T12:00Z')
                """);
        database.execute("""
                INSERT INTO points (channel, split, idx, time, value, score, threshold)
                SELECT 'P-1', 'test', i, '2026-03-01T00:00Z'::timestamptz + i * interval '1 minute', sin(i / 10.0),
                       CASE WHEN i BETWEEN 10 AND 20 THEN 0.8 ELSE 0.1 END, 0.5
                FROM generate_series(0, 99) AS i;
                INSERT INTO channels (channel, spacecraft, last_split, last_index, last_time, last_value, last_score,
                    threshold)
                VALUES ('P-1', 'SMAP', 'test', 99, '2026-03-01T01:39Z', 0.46, 0.1, 0.5);
                """);
    }

    /** The SQL Grafana sends for a panel query, over the range 2026-03-01 00:00 to 2026-03-02 00:00. */
    static String expand(String sql) {
        String from = "'2026-03-01T00:00:00Z'::timestamptz";
        String to = "'2026-03-02T00:00:00Z'::timestamptz";
        String expanded = sql
                .replace("$__interval", "'1m'")
                .replaceAll("\\$__timeFilter\\(([^)]+)\\)", "$1 BETWEEN " + from + " AND " + to)
                .replaceAll("\\$__timeGroupAlias\\(([^,]+),\\s*'?(\\d+)m'?\\)",
                        "floor(extract(epoch from $1)/($2*60))*($2*60) AS \"time\"")
                .replaceAll("\\$__timeGroup\\(([^,]+),\\s*'?(\\d+)m'?\\)", "floor(extract(epoch from $1)/($2*60))*($2*60)")
                .replace("$__timeFrom()", from).replace("$__timeTo()", to)
                .replace("$spacecraft", "'SMAP','MSL'").replace("$channel", "P-1");
        assertThat(expanded).as("a macro or variable this test does not expand: %s", sql).doesNotContain("$");
        return expanded;
    }

    static List<Board.Query> sqlQueries() {
        return Board.queries(Board.read()).stream().filter(q -> q.datasourceUid().equals("anomalies")).toList();
    }

    @Test
    void everySqlQueryRunsAgainstTheMigratedSchema() throws SQLException {
        JsonNode board = Board.read();
        List<Board.Query> queries = sqlQueries();
        assertThat(queries).hasSizeGreaterThanOrEqualTo(5);
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            for (Board.Query query : queries) {
                try (ResultSet rows = statement.executeQuery(expand(query.text()))) {
                    ResultSetMetaData meta = rows.getMetaData();
                    assertThat(meta.getColumnCount()).isPositive();
                    if (isTimeSeries(board, query)) {
                        assertThat(meta.getColumnLabel(1)).as(query.panel()).isEqualTo("time");
                        assertThat(meta.getColumnLabel(meta.getColumnCount())).isEqualTo("value");
                    }
                    int count = 0;
                    while (rows.next()) {
                        count++;
                    }
                    assertThat(count).as("rows of '%s' over the two stored events", query.panel()).isPositive();
                } catch (SQLException e) {
                    throw new AssertionError("panel '" + query.panel() + "': " + e.getMessage() + "\n" + query.text(), e);
                }
            }
        }
    }

    private static boolean isTimeSeries(JsonNode board, Board.Query query) {
        for (JsonNode panel : board.path("panels")) {
            if (panel.path("title").asText().equals(query.panel())) {
                for (JsonNode target : panel.path("targets")) {
                    if (target.path("format").asText().equals("time_series")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Test
    void theBoardUsesOnlyTheProvisionedDatasources() {
        Set<String> provisioned = Yaml.documents(Repo.ROOT.resolve(
                "infra/grafana/provisioning/datasources/datasources.yaml")).get(0).path("datasources")
                .findValuesAsText("uid").stream().collect(Collectors.toSet());
        assertThat(provisioned).containsExactlyInAnyOrder("prometheus", "anomalies");
        List<Board.Query> queries = Board.queries(Board.read());
        assertThat(queries).allSatisfy(q -> assertThat(q.datasourceUid()).as(q.panel()).isIn(provisioned));
        assertThat(queries.stream().map(Board::panelTitle)).contains("Latest anomalies", "Throughput in",
                "Throughput out", "Detection latency", "Consumer lag", "Heap used", "Events per detector",
                "Anomalies over time per spacecraft", "Anomalies over time per channel", "Signal",
                "Anomaly score and threshold", "Channel state", "variable channel", "annotation Anomaly events of $channel");
    }

    @Test
    void prometheusScrapesTheThreeServicesAsTheBoardsJobsAndKafkaExporter() {
        JsonNode config = Yaml.documents(Repo.ROOT.resolve("infra/prometheus/prometheus.yml")).get(0);
        assertThat(config.path("scrape_configs").findValuesAsText("job_name"))
                .containsExactlyInAnyOrder("replay-service", "detector-service", "anomaly-store", "kafka-exporter");
        for (JsonNode job : config.path("scrape_configs")) {
            String name = job.path("job_name").asText();
            String target = job.path("static_configs").get(0).path("targets").get(0).asText();
            if (name.equals("kafka-exporter")) {
                // the group lag of the board's lag panel; compose runs it beside Kafka
                assertThat(target).isEqualTo("kafka-exporter:9308");
                assertThat(Yaml.documents(Repo.ROOT.resolve("infra/docker-compose.yml")).get(0)
                        .path("services").has("kafka-exporter")).isTrue();
                continue;
            }
            assertThat(job.path("metrics_path").asText()).isEqualTo("/q/metrics");
            assertThat(target).as("%s is scraped on its management port", name)
                    .isEqualTo(name + ":" + Workloads.MANAGEMENT_PORTS.get(name));
        }
    }

    @Test
    void metricNamesAreReadFromPromql() {
        assertThat(Board.metricNames("sum by (spacecraft) (rate(detector_records_in_total{job=~\"$service\"}[$__rate_interval]))"))
                .containsExactly("detector_records_in_total");
        assertThat(Board.metricNames("sum(rate(a_sum[5m])) / sum(rate(a_count[5m])) + max by (quantile) (b)"))
                .containsExactly("a_sum", "a_count", "b");
    }
}

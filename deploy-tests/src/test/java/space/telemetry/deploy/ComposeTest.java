package space.telemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** infra/docker-compose.yml (never run here: no Docker), read as YAML: where its state lives, its ports, its data. */
class ComposeTest {
    static final Path COMPOSE = Repo.ROOT.resolve("infra/docker-compose.yml");
    static final JsonNode SERVICES = Yaml.documents(COMPOSE).get(0).path("services");

    /** Kafka's log is on the named volume, as PostgreSQL's rows are: they survive a re-creation together. */
    @Test
    void kafkaKeepsItsLogOnAVolume() {
        JsonNode kafka = SERVICES.path("kafka");
        String logDirs = kafka.path("environment").path("KAFKA_LOG_DIRS").asText();
        assertThat(logDirs).as("KAFKA_LOG_DIRS (unset: a directory under /tmp of the container)").isNotEmpty();
        assertThat(mounts(kafka)).contains("kafka-data:" + logDirs);
        assertThat(mounts(SERVICES.path("postgres"))).contains("postgres-data:/var/lib/postgresql/data");
    }

    /** Published ports are local only, and none is a port the local PostgreSQL (5432) holds. */
    @Test
    void publishedPortsAreLocalAndDoNotClash() {
        List<String> published = new ArrayList<>();
        SERVICES.forEach(service -> service.path("ports").forEach(port -> published.add(port.asText())));
        assertThat(published).isNotEmpty().allSatisfy(port -> {
            assertThat(port).startsWith("127.0.0.1:");
            assertThat(port.split(":")[1]).as(port).isNotEqualTo("5432");
        });
        assertThat(published).contains("127.0.0.1:${POSTGRES_PORT:-15432}:5432");
    }

    /** The replay service mounts the directory infra/download-telemanom.sh fills by default. */
    @Test
    void theDataIsWhereTheDownloadScriptPutsIt() throws IOException {
        Matcher source = Pattern.compile("^\\$\\{TELEMANOM_DIR:-([^}]+)}:/data/telemanom:ro$")
                .matcher(mounts(SERVICES.path("replay-service")).get(0));
        assertThat(source.matches()).isTrue();
        Path mounted = COMPOSE.getParent().resolve(source.group(1)).normalize();
        assertThat(mounted).isEqualTo(Repo.ROOT.resolve("data/telemanom"));
        assertThat(Files.readString(Repo.ROOT.resolve("infra/download-telemanom.sh")))
                .contains("target=\"${1:-$repo_root/data/telemanom}\"");
    }

    /** PostgreSQL makes the store's and Grafana's roles with infra/postgres/; Grafana logs in as the reader. */
    @Test
    void theStoreAndGrafanaHaveTheirOwnRoles() {
        JsonNode postgres = SERVICES.path("postgres").path("environment");
        assertThat(postgres.path("POSTGRES_USER").asText()).isEqualTo("postgres");
        assertThat(postgres.path("STORE_USER").asText()).isEqualTo("${ANOMALIES_DB_USER:-anomalies}");
        assertThat(SERVICES.path("anomaly-store").path("environment").path("DB_USER").asText())
                .isEqualTo(postgres.path("STORE_USER").asText());
        assertThat(SERVICES.path("grafana").path("environment").path("ANOMALIES_READER_USER").asText())
                .isEqualTo(postgres.path("READER_USER").asText());
        for (String mount : mounts(SERVICES.path("postgres"))) {
            if (mount.startsWith("./")) {
                assertThat(COMPOSE.getParent().resolve(mount.substring(0, mount.indexOf(':')))).exists();
            }
        }
        assertThat(mounts(SERVICES.path("postgres")))
                .contains("./postgres/10-roles.sh:/docker-entrypoint-initdb.d/10-roles.sh:ro");
    }

    private static List<String> mounts(JsonNode service) {
        List<String> mounts = new ArrayList<>();
        service.path("volumes").forEach(v -> mounts.add(v.asText()));
        return mounts;
    }
}

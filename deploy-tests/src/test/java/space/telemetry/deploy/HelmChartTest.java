package space.telemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * helm/telemetry-platform, linted and rendered with helm-java (Helm's own Go code), its objects read typed: the
 * umbrella chart with the services' generated subcharts (charts/, see GeneratedChartsTest).
 */
class HelmChartTest {
    static final Path CHART = Repo.ROOT.resolve("helm/telemetry-platform");

    @TempDir
    static Path temp;
    static Path detectorValues;
    static String detectorsYaml;

    @BeforeAll
    static void values() throws IOException {
        // as `helm install --set-file detector.config=configs/detectors.yaml` does
        detectorsYaml = Files.readString(Repo.ROOT.resolve("configs/detectors.yaml"));
        detectorValues = temp.resolve("detector-values.yaml");
        Yaml.TREE.writeValue(detectorValues.toFile(), Map.of("detector", Map.of("config", detectorsYaml)));
    }

    static List<JsonNode> render(UnaryOperator<TemplateCommand> options) {
        TemplateCommand command = new Helm(CHART).template().withName("telemetry").withNamespace("telemetry")
                .withValuesFile(detectorValues);
        return Yaml.documents(options.apply(command).call());
    }

    static <T> T one(List<JsonNode> documents, String kind, String name, Class<T> type) {
        List<JsonNode> matching = Yaml.ofKind(documents, kind).stream()
                .filter(d -> d.path("metadata").path("name").asText().equals(name)).toList();
        assertThat(matching).as("%s %s", kind, name).hasSize(1);
        return Yaml.strict(matching.get(0), type);
    }

    @Test
    void theChartLints() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void theServicesRenderWithImagesReplicasProbesAndSecrets() {
        List<JsonNode> documents = render(c -> c);
        Deployment replay = one(documents, "Deployment", "replay-service", Deployment.class);
        StatefulSet detector = one(documents, "StatefulSet", "detector-service", StatefulSet.class);
        Deployment store = one(documents, "Deployment", "anomaly-store", Deployment.class);
        assertThat(Yaml.ofKind(documents, "Deployment")).hasSize(2);
        assertThat(replay.getSpec().getReplicas()).isEqualTo(1);
        assertThat(detector.getSpec().getReplicas()).isEqualTo(3);
        assertThat(store.getSpec().getReplicas()).isEqualTo(2);
        // the StatefulSet's governing Service exists (it gives the pods their stable names)
        one(documents, "Service", detector.getSpec().getServiceName(), io.fabric8.kubernetes.api.model.Service.class);
        Workloads.PORTS.forEach((name, port) -> assertThat(one(documents, "Service", name,
                io.fabric8.kubernetes.api.model.Service.class).getSpec().getPorts().get(0).getTargetPort().getIntVal())
                .isEqualTo(port));

        Map<String, Container> containers = Map.of(
                "replay-service", Workloads.container(replay.getSpec().getTemplate().getSpec(), "replay-service"),
                "detector-service", Workloads.container(detector.getSpec().getTemplate().getSpec(), "detector-service"),
                "anomaly-store", Workloads.container(store.getSpec().getTemplate().getSpec(), "anomaly-store"));
        containers.forEach((name, container) -> {
            assertThat(container.getImage()).isEqualTo("docker.io/telemetry/" + name + ":1.0.0-SNAPSHOT");
            Workloads.checkProbes(container, Workloads.MANAGEMENT_PORTS.get(name));
            Workloads.checkResources(container);
            Workloads.checkConfigMapEnv(container, "telemetry-platform");
            Workloads.checkFromSecret(container, "KAFKA_SASL_JAAS_CONFIG", name, "sasl.jaas.config");
            assertThat(Workloads.env(container, "KAFKA_BOOTSTRAP_SERVERS"))
                    .as("%s: no env entry may hide the ConfigMap's KAFKA_BOOTSTRAP_SERVERS", name).isEmpty();
        });
        Workloads.checkFromSecret(containers.get("anomaly-store"), "DB_USER", "anomaly-store-db", "username");
        Workloads.checkFromSecret(containers.get("anomaly-store"), "DB_PASSWORD", "anomaly-store-db", "password");
        assertThat(Workloads.env(containers.get("detector-service"), "DETECTOR_CONFIG_FILE").orElseThrow().getValue())
                .isEqualTo("/config/detectors.yaml");
        assertThat(detector.getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getConfigMap().getName()).isEqualTo("detector-config"));
        assertThat(replay.getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("telemanom-data"));
        one(documents, "PersistentVolumeClaim", "telemanom-data", PersistentVolumeClaim.class);
        assertThat(Yaml.ofKind(documents, "Secret")).as("the chart never holds a password").isEmpty();

        ConfigMap platform = one(documents, "ConfigMap", "telemetry-platform", ConfigMap.class);
        assertThat(platform.getData()).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "telemetry-kafka-bootstrap:9092")
                .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT").containsEntry("DB_HOST", "postgres");
        Workloads.checkTokenSettings(platform.getData());
        assertThat(one(documents, "ConfigMap", "detector-config", ConfigMap.class).getData())
                .containsEntry("detectors.yaml", detectorsYaml);
        Container postgres = Workloads.container(
                one(documents, "StatefulSet", "postgres", StatefulSet.class).getSpec().getTemplate().getSpec(),
                "postgres");
        Workloads.checkFromSecret(postgres, "POSTGRES_PASSWORD", "anomaly-store-db", "password");
    }

    @Test
    void valuesSetImagesReplicasKafkaDatabaseAndTokenIssuer() {
        List<JsonNode> documents = render(c -> c
                .set("detector-service.app.image", "registry.example.org/telemetry/detector-service:2.0.0")
                .set("detector-service.app.replicas", "6").set("anomaly-store.app.replicas", "3")
                .set("detector-service.app.config.configMapName", "my-detectors")
                .set("replay-service.app.data.claimName", "my-data")
                .set("kafka.bootstrapServers", "kafka.example.org:9093")
                .set("anomaly-store.app.kafka.credentials.secretName", "store-kafka")
                .set("database.host", "db.example.org")
                .set("anomaly-store.app.database.existingSecret", "store-login")
                .set("auth.publicKeyLocation", "https://idp.example.org/jwks").set("auth.issuer", "https://idp.example.org")
                .set("postgres.enabled", "false"));
        StatefulSet detector = one(documents, "StatefulSet", "detector-service", StatefulSet.class);
        assertThat(detector.getSpec().getReplicas()).isEqualTo(6);
        assertThat(detector.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example.org/telemetry/detector-service:2.0.0");
        assertThat(detector.getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getConfigMap().getName()).isEqualTo("my-detectors"));
        assertThat(one(documents, "ConfigMap", "my-detectors", ConfigMap.class).getData())
                .containsEntry("detectors.yaml", detectorsYaml);
        Deployment replay = one(documents, "Deployment", "replay-service", Deployment.class);
        assertThat(replay.getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("my-data"));
        one(documents, "PersistentVolumeClaim", "my-data", PersistentVolumeClaim.class);
        Deployment store = one(documents, "Deployment", "anomaly-store", Deployment.class);
        assertThat(store.getSpec().getReplicas()).isEqualTo(3);
        Container container = store.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("docker.io/telemetry/anomaly-store:1.0.0-SNAPSHOT");
        Workloads.checkFromSecret(container, "KAFKA_SASL_JAAS_CONFIG", "store-kafka", "sasl.jaas.config");
        Workloads.checkFromSecret(container, "DB_USER", "store-login", "username");
        Workloads.checkFromSecret(container, "DB_PASSWORD", "store-login", "password");
        assertThat(one(documents, "ConfigMap", "telemetry-platform", ConfigMap.class).getData())
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka.example.org:9093")
                .containsEntry("DB_HOST", "db.example.org")
                .containsEntry("JWT_PUBLIC_KEY_LOCATION", "https://idp.example.org/jwks")
                .containsEntry("JWT_ISSUER", "https://idp.example.org");
        // the KafkaUser is named after the Secret the store reads: the User Operator writes that Secret
        assertThat(Yaml.ofKind(documents, "KafkaUser")).extracting(u -> u.path("metadata").path("name").asText())
                .containsExactlyInAnyOrder("replay-service", "detector-service", "store-kafka");
        assertThat(Yaml.ofKind(documents, "StatefulSet")).hasSize(1); // no PostgreSQL
    }

    @Test
    void withoutADetectorConfigurationNoConfigMapIsMade() {
        List<JsonNode> documents = Yaml.documents(new Helm(CHART).template().withName("telemetry")
                .withNamespace("telemetry").set("replay.data.create", "false").call());
        assertThat(Yaml.ofKind(documents, "ConfigMap")).extracting(c -> c.path("metadata").path("name").asText())
                .doesNotContain("detector-config");
        assertThat(Yaml.ofKind(documents, "PersistentVolumeClaim")).isEmpty();
        one(documents, "StatefulSet", "detector-service", StatefulSet.class);
    }

    @Test
    void theStrimziResourcesAreV1WithLeastPrivilege() {
        List<JsonNode> strimzi = StrimziChecks.strimzi(render(c -> c));
        assertThat(strimzi).hasSize(1 + 1 + 4 + 3);
        StrimziChecks.checkCluster(strimzi);
        assertThat(StrimziChecks.checkTopics(strimzi, "telemetry").get("telemetry.raw").getSpec().getPartitions())
                .isEqualTo(12);
        StrimziChecks.checkUsers(strimzi, "telemetry");
    }

    @Test
    void withoutStrimziTheChartRendersNoStrimziResource() {
        List<JsonNode> documents = render(c -> c.set("strimzi.kafka.enabled", "false")
                .set("strimzi.topics.enabled", "false").set("strimzi.users.enabled", "false"));
        assertThat(StrimziChecks.strimzi(documents)).isEmpty();
    }

    @Test
    void moreDetectorsThanPartitionsIsRefused() {
        assertThatThrownBy(() -> render(c -> c.set("detector-service.app.replicas", "13")))
                .hasMessageContaining("exceeds the partitions of telemetry.raw");
    }

    @Test
    void theBoardConfigMapIsTheProvisionedBoard() throws IOException {
        ConfigMap board = one(render(c -> c), "ConfigMap", "telemetry-operations-dashboard", ConfigMap.class);
        assertThat(board.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(board.getData().get("operations.json"))
                .as("helm/telemetry-platform/dashboards/operations.json must be a copy of infra/grafana/dashboards/")
                .isEqualTo(Files.readString(Board.FILE).stripTrailing());
    }
}

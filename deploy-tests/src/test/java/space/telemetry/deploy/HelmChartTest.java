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
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.stream.Stream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * helm/telemetry-platform, linted and rendered with helm-java (Helm's own Go code), its objects read typed: the
 * umbrella chart with the services' generated subcharts (charts/, see GeneratedChartsTest).
 */
class HelmChartTest {
    static final Path CHART = Repo.ROOT.resolve("helm/telemetry-platform");
    static final List<String> SERVICES = List.of("replay-service", "detector-service", "anomaly-store");

    /** As `helm template telemetry helm/telemetry-platform -n telemetry` with {@code options}. */
    static List<JsonNode> render(UnaryOperator<TemplateCommand> options) {
        TemplateCommand command = new Helm(CHART).template().withName("telemetry").withNamespace("telemetry");
        return Yaml.documents(options.apply(command).call());
    }

    /**
     * As {@link #render}, with the hooks too (the data-load Job, `helm test` pods): helm-java's template leaves them
     * out, so a copy of the chart whose hook annotations are renamed is rendered, and the names put back.
     */
    static List<JsonNode> renderWithHooks(UnaryOperator<TemplateCommand> options) {
        Path copy = hooklessCopy();
        TemplateCommand command = new Helm(copy).template().withName("telemetry").withNamespace("telemetry");
        List<JsonNode> documents = Yaml.documents(options.apply(command).call());
        for (JsonNode document : documents) {
            JsonNode annotations = document.path("metadata").path("annotations");
            if (annotations instanceof ObjectNode object) {
                List<String> renamed = new ArrayList<>();
                object.fieldNames().forEachRemaining(key -> {
                    if (key.startsWith(RENAMED_HOOK)) {
                        renamed.add(key);
                    }
                });
                renamed.forEach(key -> object.set(key.replace(RENAMED_HOOK, HOOK), object.remove(key)));
            }
        }
        return documents;
    }

    private static final String HOOK = "helm.sh/hook";
    private static final String RENAMED_HOOK = "rendered.test/helm.sh.hook";
    private static Path hooklessCopy;

    private static synchronized Path hooklessCopy() {
        if (hooklessCopy == null) {
            try {
                Path target = Files.createTempDirectory("chart-with-hooks").resolve("telemetry-platform");
                try (Stream<Path> files = Files.walk(CHART)) {
                    for (Path file : files.toList()) {
                        Path copy = target.resolve(CHART.relativize(file).toString());
                        if (Files.isDirectory(file)) {
                            Files.createDirectories(copy);
                        } else if (file.startsWith(CHART.resolve("templates"))) {
                            Files.writeString(copy, Files.readString(file).replace(HOOK, RENAMED_HOOK));
                        } else {
                            Files.copy(file, copy);
                        }
                    }
                }
                hooklessCopy = target;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return hooklessCopy;
    }

    static <T> T one(List<JsonNode> documents, String kind, String name, Class<T> type) {
        List<JsonNode> matching = Yaml.ofKind(documents, kind).stream()
                .filter(d -> d.path("metadata").path("name").asText().equals(name)).toList();
        assertThat(matching).as("%s %s", kind, name).hasSize(1);
        return Yaml.strict(matching.get(0), type);
    }

    static PodSpec servicePod(List<JsonNode> documents, String service) {
        return service.equals("detector-service")
                ? one(documents, "StatefulSet", service, StatefulSet.class).getSpec().getTemplate().getSpec()
                : one(documents, "Deployment", service, Deployment.class).getSpec().getTemplate().getSpec();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
        assertThat(replay.getSpec().getStrategy().getType()).as("never two pods on the RWO data claim")
                .isEqualTo("Recreate");
        assertThat(detector.getSpec().getReplicas()).isEqualTo(3);
        assertThat(store.getSpec().getReplicas()).isEqualTo(2);
        // the StatefulSet's governing Service exists (it gives the pods their stable names)
        one(documents, "Service", detector.getSpec().getServiceName(), io.fabric8.kubernetes.api.model.Service.class);
        Workloads.PORTS.forEach((name, port) -> assertThat(one(documents, "Service", name,
                io.fabric8.kubernetes.api.model.Service.class).getSpec().getPorts().get(0).getTargetPort().getIntVal())
                .isEqualTo(port));

        for (String name : SERVICES) {
            PodSpec pod = servicePod(documents, name);
            Container container = Workloads.container(pod, name);
            assertThat(container.getImage()).isEqualTo("localhost/telemetry/" + name + ":1.0.0-SNAPSHOT");
            Workloads.checkProbes(container, Workloads.MANAGEMENT_PORTS.get(name));
            Workloads.checkResources(container);
            Workloads.checkConfigMapEnv(container, "telemetry-platform");
            Workloads.checkFromSecret(container, "KAFKA_SASL_JAAS_CONFIG", name, "sasl.jaas.config");
            assertThat(Workloads.env(container, "KAFKA_BOOTSTRAP_SERVERS"))
                    .as("%s: no env entry may hide the ConfigMap's KAFKA_BOOTSTRAP_SERVERS", name).isEmpty();
            assertThat(pod.getServiceAccountName()).isEqualTo("telemetry-platform");
            one(documents, "ServiceAccount", pod.getServiceAccountName(), ServiceAccount.class);
        }
        Container storeContainer = Workloads.container(store.getSpec().getTemplate().getSpec(), "anomaly-store");
        Workloads.checkFromSecret(storeContainer, "DB_USER", "anomaly-store-db", "username");
        Workloads.checkFromSecret(storeContainer, "DB_PASSWORD", "anomaly-store-db", "password");
        assertThat(Workloads.env(Workloads.container(detector.getSpec().getTemplate().getSpec(), "detector-service"),
                "DETECTOR_CONFIG_FILE").orElseThrow().getValue()).isEqualTo("/config/detectors.yaml");
        assertThat(detector.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getConfigMap() != null)
                .anySatisfy(v -> assertThat(v.getConfigMap().getName()).isEqualTo("detector-config"));
        assertThat(replay.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getPersistentVolumeClaim() != null)
                .anySatisfy(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("telemanom-data"));
        one(documents, "PersistentVolumeClaim", "telemanom-data", PersistentVolumeClaim.class);
        assertThat(Yaml.ofKind(documents, "Secret")).as("the chart never holds a password").isEmpty();

        ConfigMap platform = one(documents, "ConfigMap", "telemetry-platform", ConfigMap.class);
        assertThat(platform.getData()).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "telemetry-kafka-bootstrap:9092")
                .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                .containsEntry("DB_HOST", "telemetry-postgres");
        Workloads.checkTokenSettings(platform.getData());
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
                .set("auth.publicKeyLocation", "https://idp.example.org/jwks")
                .set("auth.issuer", "https://idp.example.org")
                .set("postgres.enabled", "false"));
        StatefulSet detector = one(documents, "StatefulSet", "detector-service", StatefulSet.class);
        assertThat(detector.getSpec().getReplicas()).isEqualTo(6);
        assertThat(detector.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example.org/telemetry/detector-service:2.0.0");
        assertThat(detector.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getConfigMap() != null)
                .anySatisfy(v -> assertThat(v.getConfigMap().getName()).isEqualTo("my-detectors"));
        assertThat(one(documents, "ConfigMap", "my-detectors", ConfigMap.class).getData())
                .containsKey("detectors.yaml");
        Deployment replay = one(documents, "Deployment", "replay-service", Deployment.class);
        assertThat(replay.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getPersistentVolumeClaim() != null)
                .anySatisfy(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("my-data"));
        one(documents, "PersistentVolumeClaim", "my-data", PersistentVolumeClaim.class);
        Deployment store = one(documents, "Deployment", "anomaly-store", Deployment.class);
        assertThat(store.getSpec().getReplicas()).isEqualTo(3);
        Container container = store.getSpec().getTemplate().getSpec().getContainers().get(0);
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
    void theGlobalRegistryReplacesEveryImagesRegistryAndDigestsPin() {
        String digest = "sha256:" + "ab".repeat(32);
        List<JsonNode> documents = render(c -> c.set("global.imageRegistry", "registry.example.org/mirror")
                .set("anomaly-store.app.imageDigest", digest)
                .set("global.imagePullSecrets[0].name", "regcred"));
        Map<String, PodSpec> pods = RestrictedPods.podSpecs(documents);
        assertThat(pods.values().stream().flatMap(p -> java.util.stream.Stream.concat(
                p.getInitContainers().stream(), p.getContainers().stream())).map(Container::getImage))
                .isNotEmpty().allSatisfy(image -> assertThat(image).startsWith("registry.example.org/mirror/"));
        assertThat(Workloads.container(servicePod(documents, "anomaly-store"), "anomaly-store").getImage())
                .isEqualTo("registry.example.org/mirror/telemetry/anomaly-store:1.0.0-SNAPSHOT@" + digest);
        assertThat(Workloads.container(servicePod(documents, "replay-service"), "replay-service").getImage())
                .isEqualTo("registry.example.org/mirror/telemetry/replay-service:1.0.0-SNAPSHOT");
        assertThat(one(documents, "ServiceAccount", "telemetry-platform", ServiceAccount.class).getImagePullSecrets())
                .singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("regcred"));
        assertThat(pods).allSatisfy((name, pod) -> assertThat(pod.getServiceAccountName()).as(name)
                .isEqualTo("telemetry-platform"));
    }

    /** The detector configuration ships with the chart: no --set-file needed, an upgrade without one keeps it. */
    @Test
    void theDetectorConfigurationIsInTheChartAndItsChecksumRollsThePods() throws IOException {
        String shipped = Files.readString(Repo.ROOT.resolve("configs/detectors.yaml"));
        List<JsonNode> documents = render(c -> c);
        assertThat(one(documents, "ConfigMap", "detector-config", ConfigMap.class).getData())
                .as("values.yaml's detector-service.app.config.detectors is stale: run k8s/generate.sh --no-build")
                .containsEntry("detectors.yaml", shipped);
        StatefulSet detector = one(documents, "StatefulSet", "detector-service", StatefulSet.class);
        assertThat(detector.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("checksum/detector-config", sha256(shipped));

        String mine = "channels: {}\n";
        List<JsonNode> changed = render(c -> c.set("detector-service.app.config.detectors", mine));
        assertThat(one(changed, "ConfigMap", "detector-config", ConfigMap.class).getData())
                .containsEntry("detectors.yaml", mine);
        assertThat(one(changed, "StatefulSet", "detector-service", StatefulSet.class).getSpec().getTemplate()
                .getMetadata().getAnnotations()).containsEntry("checksum/detector-config", sha256(mine));
    }

    @Test
    void theStrimziResourcesAreV1WithLeastPrivilege() {
        List<JsonNode> strimzi = StrimziChecks.strimzi(render(c -> c));
        assertThat(strimzi).hasSize(1 + 1 + 5 + 3);
        StrimziChecks.checkCluster(strimzi);
        assertThat(StrimziChecks.checkTopics(strimzi, "telemetry").get("telemetry.raw").getSpec().getPartitions())
                .isEqualTo(12);
        StrimziChecks.checkUsers(strimzi, "telemetry");
        StrimziChecks.checkRestrictedTemplates(strimzi);
        StrimziChecks.checkMetrics(strimzi, render(c -> c));
    }

    /** Replication and min ISR follow the node pool; the bootstrap address follows the cluster's name. */
    @Test
    void replicationFollowsTheNodePoolAndTheBootstrapTheClusterName() {
        for (int nodes : new int[] {1, 2, 3, 5}) {
            List<JsonNode> documents = render(c -> c.set("strimzi.kafka.nodePool.replicas", String.valueOf(nodes))
                    .set("strimzi.kafka.clusterName", "edge"));
            int replication = Math.min(3, nodes);
            int minIsr = Math.max(1, replication - 1);
            StrimziChecks.checkReplication(StrimziChecks.strimzi(documents), "edge", nodes, replication, minIsr);
            assertThat(one(documents, "ConfigMap", "telemetry-platform", ConfigMap.class).getData())
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "edge-kafka-bootstrap:9092");
        }
        // without a cluster name, the release's
        assertThat(one(render(c -> c.withName("other")), "ConfigMap", "telemetry-platform", ConfigMap.class)
                .getData()).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "other-kafka-bootstrap:9092");
        assertThatThrownBy(() -> render(c -> c.set("strimzi.kafka.nodePool.replicas", "1")
                .set("strimzi.topics.replicas", "3"))).hasMessageContaining("exceeds strimzi.kafka.nodePool.replicas");
    }

    @Test
    void withoutStrimziTheChartRendersNoStrimziResource() {
        List<JsonNode> documents = render(c -> c.set("strimzi.kafka.enabled", "false")
                .set("strimzi.topics.enabled", "false").set("strimzi.users.enabled", "false")
                .set("kafka.bootstrapServers", "kafka.example.org:9092"));
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
                .as("helm/telemetry-platform/dashboards/operations.json must be a copy of infra/grafana/dashboards/ (k8s/generate.sh copies it)")
                .isEqualTo(Files.readString(Board.FILE).stripTrailing());
    }

    /** The chart's copies of the data script and its checksums are the repository's (k8s/generate.sh copies them). */
    @Test
    void theChartsFilesAreTheRepositorysCopies() throws IOException {
        assertThat(Files.readString(CHART.resolve("files/download-telemanom.sh")))
                .isEqualTo(Files.readString(Repo.ROOT.resolve("infra/download-telemanom.sh")));
        assertThat(Files.readString(CHART.resolve("files/telemanom.sha256")))
                .isEqualTo(Files.readString(Repo.ROOT.resolve("configs/telemanom.sha256")));
        for (String file : List.of("roles.sql", "10-roles.sh")) {
            assertThat(Files.readString(CHART.resolve("files/" + file))).as("files/%s: run k8s/generate.sh", file)
                    .isEqualTo(Files.readString(Repo.ROOT.resolve("infra/postgres/" + file)));
        }
    }
}

package space.telemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static space.telemetry.deploy.HelmChartTest.one;
import static space.telemetry.deploy.HelmChartTest.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a platform engineer checks before installing the chart: restricted pods, values that refuse typos, disruption
 * budgets, network policies, `helm test`, monitoring, start-up order and the data load, on rendered objects.
 */
class ChartOperationsTest {
    /** Every optional part switched on, so that every pod the chart can make is rendered. */
    static List<JsonNode> everything() {
        return HelmChartTest.renderWithHooks(c -> c.set("monitoring.podMonitor.enabled", "true")
                .set("database.readerSecret", "anomalies-reader")
                .set("networkPolicy.databaseClientNamespaces[0]", "monitoring"));
    }

    @Test
    void everyPodOfTheChartIsRestricted() {
        Map<String, PodSpec> pods = RestrictedPods.podSpecs(everything());
        assertThat(pods.keySet()).containsExactlyInAnyOrder("Deployment/replay-service",
                "StatefulSet/detector-service", "Deployment/anomaly-store", "StatefulSet/telemetry-postgres",
                "Job/telemetry-data-load-1", "Pod/telemetry-test-replay-service-health",
                "Pod/telemetry-test-detector-service-health", "Pod/telemetry-test-anomaly-store-health",
                "Pod/telemetry-test-anomaly-api");
        pods.forEach((name, pod) -> {
            assertThat(RestrictedPods.violations(name, pod)).as(name).isEmpty();
            assertThat(pod.getAutomountServiceAccountToken()).as("%s: no API token", name).isFalse();
        });
    }

    @Test
    void theGeneratedManifestsAreRestrictedToo() {
        String account = Yaml.documents(GeneratedManifestsTest.K8S.resolve("platform/serviceaccount.yaml")).get(0)
                .path("metadata").path("name").asText();
        for (String service : HelmChartTest.SERVICES) {
            RestrictedPods.podSpecs(GeneratedManifestsTest.service(service)).forEach((name, pod) -> {
                assertThat(RestrictedPods.violations(name, pod)).as(name).isEmpty();
                assertThat(pod.getServiceAccountName()).as("%s: k8s/platform has its ServiceAccount", name)
                        .isEqualTo(account);
            });
        }
        RestrictedPods.podSpecs(Yaml.documents(GeneratedManifestsTest.K8S.resolve("platform/postgres.yaml")))
                .forEach((name, pod) -> assertThat(RestrictedPods.violations(name, pod)).as(name).isEmpty());
        ConfigMap init = Yaml.strict(Yaml.documents(GeneratedManifestsTest.K8S.resolve("platform/postgres-init.yaml"))
                .get(0), ConfigMap.class);
        assertThat(init.getData().get("roles.sql")).as("k8s/platform/postgres-init.yaml: run k8s/generate.sh")
                .isEqualTo(DatabaseRolesTest.rolesSql());
    }

    /** The check itself: each way out of the restricted profile is caught. */
    @Test
    void theRestrictedCheckCatchesEachViolation() {
        List<JsonNode> documents = render(c -> c);
        Map<String, Consumer<PodSpec>> breaks = Map.of(
                "does not drop ALL capabilities", p -> p.getContainers().get(0).getSecurityContext()
                        .setCapabilities(new Capabilities(List.of("NET_ADMIN"), List.of())),
                "allowPrivilegeEscalation is not false", p -> p.getContainers().get(0).getSecurityContext()
                        .setAllowPrivilegeEscalation(null),
                "runAsNonRoot is not true", p -> {
                    p.getSecurityContext().setRunAsNonRoot(null);
                    p.getInitContainers().get(0).getSecurityContext().setRunAsNonRoot(false);
                },
                "no seccomp profile", p -> p.getSecurityContext().setSeccompProfile(null),
                "the root filesystem is not read-only", p -> p.getInitContainers().get(0).getSecurityContext()
                        .setReadOnlyRootFilesystem(false),
                "shares a host namespace", p -> p.setHostNetwork(true),
                "of a type restricted pods may not use", p -> p.getVolumes().get(0).setHostPath(
                        new io.fabric8.kubernetes.api.model.HostPathVolumeSource("/var/run", null)),
                "runAsUser 0", p -> p.getSecurityContext().setRunAsUser(0L));
        breaks.forEach((problem, change) -> {
            PodSpec pod = RestrictedPods.podSpecs(documents).get("StatefulSet/detector-service");
            assertThat(RestrictedPods.violations("detector", pod)).isEmpty();
            change.accept(pod);
            assertThat(RestrictedPods.violations("detector", pod)).as(problem)
                    .anySatisfy(v -> assertThat(v).contains(problem));
        });
    }

    @ParameterizedTest
    @CsvSource({"detector-service.app.replica, replica", "detector-service.app.config.configmapName, configmapName",
            "anomaly-store.app.databse.existingSecret, databse", "strimzi.kafka.nodepool.replicas, nodepool",
            "postgres.storagesize, storagesize", "grafna.dashboard.enabled, grafna",
            "global.imageregistry, imageregistry"})
    void aMisspeltValueIsRefused(String key, String misspelt) {
        assertThatThrownBy(() -> render(c -> c.set(key, "1")))
                .hasMessageContaining("Additional property " + misspelt + " is not allowed");
    }

    @Test
    void theSchemaKnowsEveryValueOfTheSubcharts() throws IOException {
        JsonNode umbrella = Yaml.TREE.readTree(HelmChartTest.CHART.resolve("values.schema.json").toFile());
        for (String service : HelmChartTest.SERVICES) {
            JsonNode generated = Yaml.TREE.readTree(
                    GeneratedChartsTest.CHARTS.resolve(service + "/values.schema.json").toFile());
            assertSubset(service, generated.path("properties").path("app"),
                    umbrella.path("properties").path(service).path("properties").path("app"));
        }
        assertThat(new Helm(HelmChartTest.CHART).lint().strict().call().isFailed()).isFalse();
    }

    private static void assertSubset(String path, JsonNode generated, JsonNode umbrella) {
        generated.path("properties").fieldNames().forEachRemaining(key -> {
            assertThat(umbrella.path("properties").has(key))
                    .as("values.schema.json lacks %s.%s (the subchart has it: regenerate the schema)", path, key)
                    .isTrue();
            assertSubset(path + "." + key, generated.path("properties").path(key),
                    umbrella.path("properties").path(key));
        });
    }

    @Test
    void theDetectorAndTheStoreHaveDisruptionBudgets() {
        List<JsonNode> documents = render(c -> c);
        for (String service : List.of("detector-service", "anomaly-store")) {
            PodDisruptionBudget budget = one(documents, "PodDisruptionBudget", "telemetry-" + service,
                    PodDisruptionBudget.class);
            assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
            assertThat(podLabels(documents, service))
                    .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
        }
        assertThat(Yaml.ofKind(render(c -> c.set("anomaly-store.app.replicas", "1")), "PodDisruptionBudget"))
                .as("one pod: no budget (it would block every drain)").hasSize(1);
    }

    private static Map<String, String> podLabels(List<JsonNode> documents, String service) {
        JsonNode workload = documents.stream().filter(d -> d.path("metadata").path("name").asText().equals(service)
                && d.path("spec").has("template")).findFirst().orElseThrow();
        return Yaml.TREE.convertValue(workload.path("spec").path("template").path("metadata").path("labels"),
                Yaml.TREE.getTypeFactory().constructMapType(Map.class, String.class, String.class));
    }

    /** Only the services reach Kafka's listener; only the store (and named namespaces) reach PostgreSQL. */
    @Test
    void onlyTheServicesThatNeedThemReachKafkaAndPostgres() {
        List<JsonNode> documents = everything();
        Kafka kafka = Yaml.strict(Yaml.ofKind(documents, "Kafka").get(0), Kafka.class);
        var peers = kafka.getSpec().getKafka().getListeners().get(0).getNetworkPolicyPeers();
        assertThat(peers).singleElement().satisfies(peer -> assertThat(peer.getPodSelector().getMatchExpressions())
                .anySatisfy(e -> {
                    assertThat(e.getKey()).isEqualTo("app.kubernetes.io/name");
                    assertThat(e.getValues()).containsExactlyInAnyOrder("replay-service", "detector-service",
                            "anomaly-store");
                }));
        NetworkPolicy postgres = one(documents, "NetworkPolicy", "telemetry-postgres", NetworkPolicy.class);
        assertThat(postgres.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(podLabels(documents, "telemetry-postgres"))
                .containsAllEntriesOf(postgres.getSpec().getPodSelector().getMatchLabels());
        var from = postgres.getSpec().getIngress().get(0).getFrom();
        assertThat(from).hasSize(2);
        assertThat(from.get(0).getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/name", "anomaly-store");
        assertThat(podLabels(documents, "anomaly-store")).containsAllEntriesOf(from.get(0).getPodSelector()
                .getMatchLabels());
        assertThat(from.get(1).getNamespaceSelector().getMatchLabels())
                .containsEntry("kubernetes.io/metadata.name", "monitoring");
        assertThat(postgres.getSpec().getIngress().get(0).getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(5432));
    }

    /** `helm test`: each service's readiness on its management port, and the API's 401 without a token. */
    @Test
    void helmTestCallsEachServicesHealthAndTheAnomalyApi() {
        List<JsonNode> documents = HelmChartTest.renderWithHooks(c -> c);
        List<Pod> tests = Yaml.ofKind(documents, "Pod").stream().map(d -> Yaml.strict(d, Pod.class))
                .filter(p -> "test".equals(p.getMetadata().getAnnotations().get("helm.sh/hook"))).toList();
        assertThat(tests).hasSize(4);
        Workloads.MANAGEMENT_PORTS.forEach((service, port) -> {
            String management = "telemetry-" + service + "-management";
            Service svc = one(documents, "Service", management, Service.class);
            assertThat(svc.getSpec().getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getPort()).isEqualTo(port);
                assertThat(p.getTargetPort().getStrVal()).isEqualTo("management");
            });
            assertThat(podLabels(documents, service)).containsAllEntriesOf(svc.getSpec().getSelector());
            assertThat(tests).anySatisfy(pod -> assertThat(pod.getSpec().getContainers().get(0).getArgs())
                    .containsExactly("http://" + management + ":" + port + "/q/health/ready"));
        });
        Pod api = tests.stream().filter(p -> p.getMetadata().getName().equals("telemetry-test-anomaly-api"))
                .findFirst().orElseThrow();
        assertThat(api.getSpec().getContainers().get(0).getArgs().get(0))
                .contains("http://anomaly-store:80/anomalies").contains("401");
    }

    @Test
    void monitorsDatasourcesAndScrapeAnnotationsReachEveryService() {
        List<JsonNode> documents = everything();
        PodMonitor services = one(documents, "PodMonitor", "telemetry-services", PodMonitor.class);
        assertThat(services.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        assertThat(services.getSpec().getJobLabel()).isEqualTo("app.kubernetes.io/name");
        assertThat(services.getSpec().getPodMetricsEndpoints()).singleElement().satisfies(e -> {
            assertThat(e.getPort()).isEqualTo("management");
            assertThat(e.getPath()).isEqualTo("/q/metrics");
        });
        for (String service : HelmChartTest.SERVICES) {
            PodSpec pod = HelmChartTest.servicePod(documents, service);
            assertThat(Workloads.container(pod, service).getPorts()).anySatisfy(p -> {
                assertThat(p.getName()).isEqualTo("management");
                assertThat(p.getContainerPort()).isEqualTo(Workloads.MANAGEMENT_PORTS.get(service));
            });
            JsonNode template = documents.stream().filter(d -> d.path("metadata").path("name").asText()
                    .equals(service) && d.path("spec").has("template")).findFirst().orElseThrow()
                    .path("spec").path("template").path("metadata").path("annotations");
            assertThat(template.path("prometheus.io/scrape").asText()).as(service).isEqualTo("true");
            assertThat(template.path("prometheus.io/port").asText())
                    .isEqualTo(String.valueOf(Workloads.MANAGEMENT_PORTS.get(service)));
        }
        PodMonitor kafka = one(documents, "PodMonitor", "telemetry-kafka", PodMonitor.class);
        assertThat(kafka.getSpec().getPodMetricsEndpoints()).singleElement()
                .satisfies(e -> assertThat(e.getPort()).isEqualTo("tcp-prometheus"));
        assertThat(Yaml.ofKind(render(c -> c), "PodMonitor")).as("off by default (needs the CRD)").isEmpty();

        ConfigMap datasources = one(documents, "ConfigMap", "telemetry-grafana-datasources", ConfigMap.class);
        assertThat(datasources.getMetadata().getLabels()).containsEntry("grafana_datasource", "1");
        JsonNode provisioning = Yaml.documents(datasources.getData().get("telemetry-datasources.yaml")).get(0);
        assertThat(provisioning.path("datasources")).anySatisfy(ds -> {
            assertThat(ds.path("uid").asText()).isEqualTo("anomalies");
            assertThat(ds.path("url").asText()).isEqualTo("telemetry-postgres.telemetry:5432");
            assertThat(ds.path("jsonData").path("database").asText()).isEqualTo("anomalies");
        });
        List<JsonNode> external = render(c -> c.set("postgres.enabled", "false").set("database.host", "db.example.com"));
        JsonNode externalDatasources = Yaml.documents(one(external, "ConfigMap", "telemetry-grafana-datasources",
                ConfigMap.class).getData().get("telemetry-datasources.yaml")).get(0);
        assertThat(externalDatasources.path("datasources")).anySatisfy(ds -> assertThat(ds.path("url").asText())
                .as("an external database's host as given").isEqualTo("db.example.com:5432"));
        List<JsonNode> elsewhere = render(c -> c.set("grafana.namespace", "monitoring")
                .set("grafana.dashboard.label", "my_dashboards"));
        ConfigMap board = one(elsewhere, "ConfigMap", "telemetry-operations-dashboard", ConfigMap.class);
        assertThat(board.getMetadata().getNamespace()).isEqualTo("monitoring");
        assertThat(board.getMetadata().getLabels()).containsEntry("my_dashboards", "1");
    }

    /**
     * `helm install --wait`: the services' pods first wait in an init container until Kafka's bootstrap address
     * (and, for the store, PostgreSQL) accept connections, the addresses the ConfigMap gives.
     */
    @Test
    void theServicesWaitForKafkaAndTheStoreForPostgres() {
        List<JsonNode> documents = render(c -> c);
        for (String service : HelmChartTest.SERVICES) {
            PodSpec pod = HelmChartTest.servicePod(documents, service);
            assertThat(pod.getInitContainers()).singleElement().satisfies(init -> {
                assertThat(init.getEnvFrom()).anySatisfy(e -> assertThat(e.getConfigMapRef().getName())
                        .isEqualTo("telemetry-platform"));
                String script = String.join("\n", init.getArgs());
                assertThat(script).contains("KAFKA_BOOTSTRAP_SERVERS").contains("until nc -w 2");
                assertThat(script.contains("$DB_HOST")).isEqualTo(service.equals("anomaly-store"));
            });
        }
    }

    /**
     * The data load is a Job of the release (not a hook: `--wait` waits for the replay pod, which needs the data, and
     * hooks run only after the wait), named per revision, on the replay claim, running the repository's script.
     */
    @Test
    void theDataLoadIsAJobOfTheReleaseOnTheReplayClaim() {
        List<JsonNode> documents = HelmChartTest.renderWithHooks(c -> c.set("replay.data.accessMode", "ReadWriteMany"));
        Job job = one(documents, "Job", "telemetry-data-load-1", Job.class);
        assertThat(job.getMetadata().getAnnotations()).doesNotContainKey("helm.sh/hook");
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getPersistentVolumeClaim().getClaimName())
                .isEqualTo("telemanom-data"));
        Container load = pod.getContainers().get(0);
        assertThat(load.getArgs().get(0)).contains("download-telemanom.sh /data/telemanom");
        ConfigMap scripts = one(documents, "ConfigMap", "telemetry-data-load", ConfigMap.class);
        assertThat(scripts.getData()).containsKeys("download-telemanom.sh", "telemanom.sha256");
        assertThat(one(documents, "PersistentVolumeClaim", "telemanom-data",
                io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class).getSpec().getAccessModes())
                .containsExactly("ReadWriteMany");
        assertThat(Yaml.ofKind(HelmChartTest.renderWithHooks(c -> c.set("replay.data.load.enabled", "false")), "Job"))
                .isEmpty();
        assertThat(Yaml.ofKind(render(c -> c), "Job")).as("a resource of the release").hasSize(1);
    }

    /** PostgreSQL's superuser is its own; the store's and the reader's roles come from Secrets by name. */
    @Test
    void postgresCreatesTheStoreAndReaderRolesFromSecrets() {
        List<JsonNode> documents = everything();
        StatefulSet postgres = one(documents, "StatefulSet", "telemetry-postgres", StatefulSet.class);
        Container container = Workloads.container(postgres.getSpec().getTemplate().getSpec(), "postgres");
        assertThat(Workloads.env(container, "POSTGRES_USER").orElseThrow().getValue()).isEqualTo("postgres");
        Workloads.checkFromSecret(container, "POSTGRES_PASSWORD", "postgres-superuser", "password");
        Workloads.checkFromSecret(container, "STORE_USER", "anomaly-store-db", "username");
        Workloads.checkFromSecret(container, "STORE_PASSWORD", "anomaly-store-db", "password");
        Workloads.checkFromSecret(container, "READER_USER", "anomalies-reader", "username");
        assertThat(container.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath())
                .isEqualTo("/docker-entrypoint-initdb.d/10-roles.sh"));
        ConfigMap init = one(documents, "ConfigMap", "telemetry-postgres-init", ConfigMap.class);
        assertThat(init.getData().get("roles.sql")).isEqualTo(DatabaseRolesTest.rolesSql());
        assertThat(Yaml.ofKind(documents, "Secret")).isEmpty();
    }

    @Test
    void theChartsOwnObjectsAreNamedAfterTheRelease() {
        List<JsonNode> documents = HelmChartTest.renderWithHooks(c -> c.withName("blue")
                .set("monitoring.podMonitor.enabled", "true"));
        List<String> fixed = List.of("telemetry-platform", "detector-config", "telemanom-data", "replay-service",
                "detector-service", "anomaly-store", "dual-role", "telemetry.raw", "telemetry.anomalies",
                "telemetry.scores", "telemetry.dlq", "telemetry.detector-state");
        assertThat(documents).allSatisfy(d -> {
            String name = d.path("metadata").path("name").asText();
            assertThat(name.startsWith("blue-") || name.equals("blue") || fixed.contains(name))
                    .as("%s %s", d.path("kind").asText(), name).isTrue();
        });
        assertThat(one(documents, "ConfigMap", "telemetry-platform", ConfigMap.class).getData())
                .containsEntry("DB_HOST", "blue-postgres")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "blue-kafka-bootstrap:9092");
    }
}

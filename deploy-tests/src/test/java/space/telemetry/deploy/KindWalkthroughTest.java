package space.telemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * infra/kind/up.sh cannot run here (no Docker, no cluster): what it installs is checked instead, read from the
 * script itself. Its `helm upgrade --install` of the chart is rendered with the same --set values.
 */
class KindWalkthroughTest {
    static final Path SCRIPT = Repo.ROOT.resolve("infra/kind/up.sh");
    static String script;
    static Map<String, String> variables;
    static List<JsonNode> installed;

    @BeforeAll
    static void read() throws IOException {
        script = Files.readString(SCRIPT);
        variables = new LinkedHashMap<>();
        Matcher assignment = Pattern.compile("(?m)^([A-Z_]+)=\"?(?:\\$\\{[A-Z_]+:-)?([^\"}\\s]*)\\}?\"?$")
                .matcher(script);
        while (assignment.find()) {
            variables.put(assignment.group(1), assignment.group(2));
        }
        installed = HelmChartTest.renderWithHooks(c -> withChartSettings(c.withName(variables.get("RELEASE"))
                .withNamespace(variables.get("NAMESPACE"))));
    }

    /** The script's command that installs the chart, continuation lines joined. */
    static String chartInstall() {
        Matcher command = Pattern.compile(
                "helm upgrade --install \"\\$RELEASE\" helm/telemetry-platform(?:[^\\n]*\\\\\\n)*[^\\n]*").matcher(script);
        assertThat(command.find()).as("up.sh installs helm/telemetry-platform").isTrue();
        return command.group().replace("\\\n", " ");
    }

    /** The --set values of that command, the script's variables expanded. */
    static Map<String, String> chartSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        Matcher set = Pattern.compile("--set [\"']?([^=\\s\"']+)=[\"']?([^\\s\"']*)[\"']?").matcher(chartInstall());
        while (set.find()) {
            String value = set.group(2);
            for (Map.Entry<String, String> variable : variables.entrySet()) {
                value = value.replace("$" + variable.getKey(), variable.getValue());
            }
            settings.put(set.group(1), value);
        }
        return settings;
    }

    /** The settings on a template command; Helm's list syntax {a,b} as the entries key[0], key[1]. */
    private static TemplateCommand withChartSettings(TemplateCommand command) {
        chartSettings().forEach((key, value) -> {
            if (value.startsWith("{") && value.endsWith("}")) {
                String[] items = value.substring(1, value.length() - 1).split(",");
                for (int i = 0; i < items.length; i++) {
                    command.set(key + "[" + i + "]", items[i]);
                }
            } else {
                command.set(key, value);
            }
        });
        return command;
    }

    @Test
    void theChartInstallsWithTheScriptsValuesAndEveryPodIsRestricted() {
        assertThat(chartSettings()).containsKeys("auth.publicKeyLocation", "database.readerSecret",
                "monitoring.podMonitor.enabled");
        assertThat(chartInstall()).contains("--wait");
        assertThat(script).contains("pod-security.kubernetes.io/enforce=restricted");
        Map<String, PodSpec> pods = RestrictedPods.podSpecs(installed);
        pods.putAll(RestrictedPods.podSpecs(Yaml.documents(Repo.ROOT.resolve("infra/kind/token-key.yaml"))));
        assertThat(pods).hasSizeGreaterThan(5).allSatisfy((name, pod) ->
                assertThat(RestrictedPods.violations(name, pod)).as(name).isEmpty());
        StrimziChecks.checkReplication(StrimziChecks.strimzi(installed), variables.get("RELEASE"), 1, 1, 1);
    }

    /** Every Secret a rendered pod reads is made by the script (or by Strimzi's User Operator: the KafkaUsers). */
    @Test
    void everySecretTheChartReadsIsCreatedByTheScript() {
        Set<String> kafkaUsers = new TreeSet<>();
        Yaml.ofKind(installed, "KafkaUser").forEach(u -> kafkaUsers.add(u.path("metadata").path("name").asText()));
        Set<String> read = new TreeSet<>();
        RestrictedPods.podSpecs(installed).values().forEach(pod -> containers(pod).forEach(c -> {
            if (c.getEnv() != null) {
                c.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                        .forEach(e -> read.add(e.getValueFrom().getSecretKeyRef().getName()));
            }
        }));
        read.removeAll(kafkaUsers);
        Set<String> created = new TreeSet<>();
        Matcher secret = Pattern.compile("(?m)^secret \"\\$NAMESPACE\" ([a-z0-9-]+)").matcher(script);
        while (secret.find()) {
            created.add(secret.group(1));
        }
        assertThat(read).isNotEmpty();
        assertThat(created).containsAll(read);
        // Grafana mounts the reader's Secret where the chart's datasource reads it
        ConfigMap datasources = HelmChartTest.one(installed, "ConfigMap", "telemetry-grafana-datasources",
                ConfigMap.class);
        Matcher mount = Pattern.compile("grafana\\.extraSecretMounts\\[0\\]\\.mountPath=([^'\\s]+)").matcher(script);
        assertThat(mount.find()).isTrue();
        assertThat(datasources.getData().get("telemetry-datasources.yaml"))
                .contains("$__file{" + mount.group(1) + "/username}");
        assertThat(script).contains("grafana.extraSecretMounts[0].secretName=" + chartSettings()
                .get("database.readerSecret"));
    }

    /** The images the script builds and loads into kind are the ones the chart runs (imagePullPolicy IfNotPresent). */
    @Test
    void theImagesLoadedIntoKindAreTheChartsImages() {
        assertThat(script)
                .contains("docker build -f \"$service/src/main/docker/Dockerfile.jvm\" -t \"localhost/telemetry/$service:$VERSION\"")
                .contains("kind load docker-image \"localhost/telemetry/$service:$VERSION\"");
        for (String service : HelmChartTest.SERVICES) {
            Container container = Workloads.container(HelmChartTest.servicePod(installed, service), service);
            assertThat(container.getImage())
                    .isEqualTo("localhost/telemetry/" + service + ":" + variables.get("VERSION"));
            assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
        }
        assertThat(script).contains("SERVICES=(" + String.join(" ", HelmChartTest.SERVICES) + ")");
    }

    @Test
    void theStrimziVersionIsTheOneWhoseModelTheTestsUse() throws IOException {
        String pom = Files.readString(Repo.ROOT.resolve("deploy-tests/pom.xml"));
        assertThat(pom).contains("<strimzi-api.version>" + variables.get("STRIMZI_VERSION") + "</strimzi-api.version>");
        assertThat(script).contains("--set \"watchNamespaces={$NAMESPACE}\"");
    }

    /** The services trust the key the script serves, and the tokens it signs carry their issuer and audience. */
    @Test
    void theServicesTrustTheScriptsTokens() {
        JsonNode tokenService = Yaml.ofKind(Yaml.documents(Repo.ROOT.resolve("infra/kind/token-key.yaml")), "Service")
                .get(0);
        String location = chartSettings().get("auth.publicKeyLocation");
        assertThat(tokenService.path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(80);
        assertThat(location).isEqualTo("http://" + tokenService.path("metadata").path("name").asText()
                + "/jwt-public.pem");
        assertThat(script).contains("--from-file=jwt-public.pem=");
        ConfigMap platform = HelmChartTest.one(installed, "ConfigMap", "telemetry-platform", ConfigMap.class);
        assertThat(platform.getData()).containsEntry("JWT_PUBLIC_KEY_LOCATION", location);
        assertThat(script).contains("\"iss\":\"" + platform.getData().get("JWT_ISSUER") + "\"")
                .contains("\"aud\":\"telemetry-platform\"").contains("\"groups\":[\"%s\"]")
                .contains("token viewer").contains("token operator");
    }

    /** The steps come in order: cluster, images, namespace, Strimzi, Secrets, key, chart, helm test, port-forwards. */
    @Test
    void theStepsComeInOrder() {
        List<String> steps = List.of("kind create cluster", "kind load docker-image", "pod-security.kubernetes.io",
                "strimzi-kafka-operator", "secret \"$NAMESPACE\" anomaly-store-db", "kube-prometheus-stack -n",
                "create configmap token-key", "helm upgrade --install \"$RELEASE\"", "\nhelm test \"$RELEASE\"",
                "port-forward svc/anomaly-store");
        List<Integer> positions = new ArrayList<>();
        for (String step : steps) {
            assertThat(script).as(step).contains(step);
            positions.add(script.indexOf(step));
        }
        assertThat(positions).isSorted();
        assertThat(variables.get("MONITORING_RELEASE"))
                .isEqualTo(chartSettings().get("monitoring.podMonitor.labels.release"));
    }

    private static List<Container> containers(PodSpec pod) {
        return Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList();
    }
}

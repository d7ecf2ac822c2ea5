package space.telemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.Optional;

/** Checks shared by the generated manifests (k8s/services) and the Helm chart's rendering. */
final class Workloads {
    /** Service name to HTTP port (quarkus.http.port): the API. */
    static final Map<String, Integer> PORTS = Map.of("replay-service", 8081, "detector-service", 8082,
            "anomaly-store", 8083);
    /** Service name to management port (quarkus.management.port): health and metrics, without authentication. */
    static final Map<String, Integer> MANAGEMENT_PORTS = Map.of("replay-service", 9081, "detector-service", 9082,
            "anomaly-store", 9083);

    private Workloads() {
    }

    static Container container(PodSpec pod, String name) {
        assertThat(pod.getContainers()).hasSize(1);
        Container container = pod.getContainers().get(0);
        assertThat(container.getName()).isEqualTo(name);
        return container;
    }

    /** Probes on SmallRye Health, on the service's management port (by number or by the name of that port). */
    static void checkProbes(Container container, int port) {
        checkProbe(container, container.getStartupProbe(), "/q/health/started", port);
        checkProbe(container, container.getLivenessProbe(), "/q/health/live", port);
        checkProbe(container, container.getReadinessProbe(), "/q/health/ready", port);
        assertThat(container.getPorts()).anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(port));
    }

    private static void checkProbe(Container container, Probe probe, String path, int port) {
        assertThat(probe).as("%s probe %s", container.getName(), path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        var target = probe.getHttpGet().getPort();
        if (target.getIntVal() != null) {
            assertThat(target.getIntVal()).isEqualTo(port);
        } else {
            assertThat(container.getPorts()).anySatisfy(p -> {
                assertThat(p.getName()).isEqualTo(target.getStrVal());
                assertThat(p.getContainerPort()).isEqualTo(port);
            });
        }
    }

    static void checkResources(Container container) {
        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();
        assertThat(requests).as("%s requests", container.getName()).containsKeys("cpu", "memory");
        assertThat(limits).as("%s limits", container.getName()).containsKey("memory");
        assertThat(Quantity.getAmountInBytes(limits.get("memory")))
                .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(requests.get("memory")));
    }

    static Optional<EnvVar> env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
    }

    /** The variable comes from key {@code key} of Secret {@code secret}. */
    static void checkFromSecret(Container container, String variable, String secret, String key) {
        EnvVar env = env(container, variable).orElseThrow(() -> new AssertionError(container.getName()
                + " has no " + variable));
        assertThat(env.getValue()).isNull();
        assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret);
        assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(key);
    }

    /**
     * The ConfigMap telemetry-platform tells the services which tokens to trust (docs/security.md); the key location
     * is the operator's to add (the services refuse to start without it), so no placeholder may stand in for it.
     */
    static void checkTokenSettings(Map<String, String> platformConfig) {
        assertThat(platformConfig).containsEntry("JWT_ISSUER", "telemetry-platform")
                .doesNotContainKey("JWT_PUBLIC_KEY_LOCATION");
    }

    static void checkConfigMapEnv(Container container, String configMap) {
        assertThat(container.getEnvFrom()).anySatisfy(source ->
                assertThat(source.getConfigMapRef().getName()).isEqualTo(configMap));
    }
}

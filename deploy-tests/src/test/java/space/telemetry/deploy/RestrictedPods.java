package space.telemetry.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The "restricted" Pod Security Standard (what a namespace labelled pod-security.kubernetes.io/enforce=restricted
 * admits) and the platform's read-only root filesystem, checked on pod specs.
 */
final class RestrictedPods {
    /** Kinds whose documents hold a pod spec, and where it is. */
    private static final Map<String, String[]> POD_SPEC_PATHS = Map.of(
            "Pod", new String[] {"spec"},
            "Deployment", new String[] {"spec", "template", "spec"},
            "StatefulSet", new String[] {"spec", "template", "spec"},
            "DaemonSet", new String[] {"spec", "template", "spec"},
            "ReplicaSet", new String[] {"spec", "template", "spec"},
            "Job", new String[] {"spec", "template", "spec"},
            "CronJob", new String[] {"spec", "jobTemplate", "spec", "template", "spec"});
    private static final Set<String> ALLOWED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");

    private RestrictedPods() {
    }

    /** Every pod spec among {@code documents}, by "Kind/name". */
    static Map<String, PodSpec> podSpecs(List<JsonNode> documents) {
        Map<String, PodSpec> pods = new LinkedHashMap<>();
        for (JsonNode document : documents) {
            String[] path = POD_SPEC_PATHS.get(document.path("kind").asText());
            if (path == null) {
                continue;
            }
            JsonNode spec = document;
            for (String step : path) {
                spec = spec.path(step);
            }
            pods.put(document.path("kind").asText() + "/" + document.path("metadata").path("name").asText(),
                    Yaml.strict(spec, PodSpec.class));
        }
        return pods;
    }

    /** What keeps {@code pod} out of a restricted namespace (or off a read-only root); empty when nothing. */
    static List<String> violations(String owner, PodSpec pod) {
        List<String> problems = new ArrayList<>();
        PodSecurityContext podContext = Objects.requireNonNullElseGet(pod.getSecurityContext(),
                PodSecurityContext::new);
        if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
                || Boolean.TRUE.equals(pod.getHostIPC())) {
            problems.add(owner + ": shares a host namespace");
        }
        for (Volume volume : Objects.requireNonNullElse(pod.getVolumes(), List.<Volume>of())) {
            if (volumeType(volume).stream().anyMatch(type -> !ALLOWED_VOLUMES.contains(type))) {
                problems.add(owner + ": volume " + volume.getName() + " of a type restricted pods may not use "
                        + volumeType(volume));
            }
        }
        if (Long.valueOf(0).equals(podContext.getRunAsUser())) {
            problems.add(owner + ": runAsUser 0");
        }
        List<Container> containers = Stream.concat(
                Objects.requireNonNullElse(pod.getInitContainers(), List.<Container>of()).stream(),
                Objects.requireNonNullElse(pod.getContainers(), List.<Container>of()).stream()).toList();
        for (Container container : containers) {
            String name = owner + " container " + container.getName();
            SecurityContext context = Objects.requireNonNullElseGet(container.getSecurityContext(),
                    SecurityContext::new);
            if (!Boolean.TRUE.equals(context.getRunAsNonRoot())
                    && !(context.getRunAsNonRoot() == null && Boolean.TRUE.equals(podContext.getRunAsNonRoot()))) {
                problems.add(name + ": runAsNonRoot is not true");
            }
            if (Long.valueOf(0).equals(context.getRunAsUser())) {
                problems.add(name + ": runAsUser 0");
            }
            if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
                problems.add(name + ": allowPrivilegeEscalation is not false");
            }
            if (Boolean.TRUE.equals(context.getPrivileged())) {
                problems.add(name + ": privileged");
            }
            Capabilities capabilities = context.getCapabilities();
            if (capabilities == null || capabilities.getDrop() == null || !capabilities.getDrop().contains("ALL")) {
                problems.add(name + ": does not drop ALL capabilities");
            }
            if (capabilities != null && capabilities.getAdd() != null
                    && capabilities.getAdd().stream().anyMatch(c -> !c.equals("NET_BIND_SERVICE"))) {
                problems.add(name + ": adds capabilities " + capabilities.getAdd());
            }
            SeccompProfile seccomp = context.getSeccompProfile() != null ? context.getSeccompProfile()
                    : podContext.getSeccompProfile();
            if (seccomp == null || !Set.of("RuntimeDefault", "Localhost").contains(seccomp.getType())) {
                problems.add(name + ": no seccomp profile RuntimeDefault (or Localhost)");
            }
            if (!Boolean.TRUE.equals(context.getReadOnlyRootFilesystem())) {
                problems.add(name + ": the root filesystem is not read-only");
            }
            if (container.getPorts() != null && container.getPorts().stream()
                    .anyMatch(p -> p.getHostPort() != null && p.getHostPort() != 0)) {
                problems.add(name + ": a host port");
            }
        }
        return problems;
    }

    /** The volume source fields that are set (hostPath, configMap, ...). */
    private static List<String> volumeType(Volume volume) {
        JsonNode tree = Yaml.TREE.valueToTree(volume);
        List<String> types = new ArrayList<>();
        tree.fieldNames().forEachRemaining(field -> {
            if (!field.equals("name") && !tree.get(field).isNull()) {
                types.add(field);
            }
        });
        return types;
    }
}

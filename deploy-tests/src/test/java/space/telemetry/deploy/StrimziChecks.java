package space.telemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleClusterResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the platform's Strimzi resources must say, checked on the typed kafka.strimzi.io/v1 model (strict: an
 * unknown field fails). Used on k8s/kafka/*.yaml and on the Helm chart's rendering.
 */
final class StrimziChecks {
    static final String API_VERSION = "kafka.strimzi.io/v1";
    static final Set<String> TOPICS = Set.of("telemetry.raw", "telemetry.anomalies", "telemetry.scores",
            "telemetry.dlq", "telemetry.detector-state");

    /** Each service's ACLs, as "resource-type:name:pattern:operation". */
    static final Map<String, Set<String>> ACLS = Map.of(
            "replay-service", Set.of(
                    "topic:telemetry.raw:literal:write", "topic:telemetry.raw:literal:describe",
                    "cluster:::idempotentwrite"),
            "detector-service", Set.of(
                    "topic:telemetry.raw:literal:read", "topic:telemetry.raw:literal:describe",
                    "group:detector-service:literal:read", "group:detector-service:literal:describe",
                    "topic:telemetry.anomalies:literal:write", "topic:telemetry.anomalies:literal:describe",
                    "topic:telemetry.scores:literal:write", "topic:telemetry.scores:literal:describe",
                    "topic:telemetry.dlq:literal:write", "topic:telemetry.dlq:literal:describe",
                    "topic:telemetry.detector-state:literal:read", "topic:telemetry.detector-state:literal:write",
                    "topic:telemetry.detector-state:literal:describe",
                    "transactionalid:detector-:prefix:write", "transactionalid:detector-:prefix:describe",
                    "cluster:::idempotentwrite"),
            "anomaly-store", Set.of(
                    "topic:telemetry.anomalies:literal:read", "topic:telemetry.anomalies:literal:describe",
                    "group:anomaly-store:literal:read", "group:anomaly-store:literal:describe",
                    "topic:telemetry.scores:literal:read", "topic:telemetry.scores:literal:describe",
                    "group:anomaly-store-scores:literal:read", "group:anomaly-store-scores:literal:describe",
                    "topic:telemetry.dlq:literal:write", "topic:telemetry.dlq:literal:describe"));

    private StrimziChecks() {
    }

    /** The Strimzi documents among {@code documents}, all of which must be kafka.strimzi.io/v1. */
    static List<JsonNode> strimzi(List<JsonNode> documents) {
        List<JsonNode> strimzi = documents.stream()
                .filter(d -> d.path("apiVersion").asText().startsWith("kafka.strimzi.io/")).toList();
        strimzi.forEach(d -> assertThat(d.path("apiVersion").asText())
                .as("%s %s", d.path("kind").asText(), d.path("metadata").path("name").asText()).isEqualTo(API_VERSION));
        return strimzi;
    }

    static <T> List<T> typed(List<JsonNode> documents, String kind, Class<T> type) {
        return Yaml.ofKind(documents, kind).stream().map(d -> Yaml.strict(d, type)).toList();
    }

    /** The KRaft cluster: one Kafka, node pools covering controller and broker roles, SCRAM, simple authorizer. */
    static Kafka checkCluster(List<JsonNode> documents) {
        List<Kafka> clusters = typed(documents, "Kafka", Kafka.class);
        assertThat(clusters).hasSize(1);
        Kafka kafka = clusters.get(0);
        assertThat(kafka.getSpec().getZookeeper()).as("KRaft: no ZooKeeper").isNull();
        List<GenericKafkaListener> listeners = kafka.getSpec().getKafka().getListeners();
        assertThat(listeners).isNotEmpty().allSatisfy(listener ->
                assertThat(listener.getAuth()).as("listener %s authenticates", listener.getName()).isNotNull());
        assertThat(listeners).anySatisfy(listener -> {
            assertThat(listener.getPort()).isEqualTo(9092);
            assertThat(listener.getAuth().getType()).isEqualTo("scram-sha-512");
        });
        assertThat(kafka.getSpec().getKafka().getAuthorization()).isInstanceOf(KafkaAuthorizationSimple.class);
        assertThat(kafka.getSpec().getKafka().getConfig()).containsEntry("auto.create.topics.enable", false)
                .containsEntry("transaction.state.log.replication.factor", 3);
        assertThat(kafka.getSpec().getEntityOperator().getTopicOperator()).isNotNull();
        assertThat(kafka.getSpec().getEntityOperator().getUserOperator()).isNotNull();

        List<KafkaNodePool> pools = typed(documents, "KafkaNodePool", KafkaNodePool.class);
        assertThat(pools).isNotEmpty().allSatisfy(pool -> assertThat(pool.getMetadata().getLabels())
                .containsEntry("strimzi.io/cluster", kafka.getMetadata().getName()));
        Set<ProcessRoles> roles = pools.stream().flatMap(p -> p.getSpec().getRoles().stream()).collect(Collectors.toSet());
        assertThat(roles).containsExactlyInAnyOrder(ProcessRoles.CONTROLLER, ProcessRoles.BROKER);
        int controllers = pools.stream().filter(p -> p.getSpec().getRoles().contains(ProcessRoles.CONTROLLER))
                .mapToInt(p -> p.getSpec().getReplicas()).sum();
        assertThat(controllers).as("controller quorum").isGreaterThanOrEqualTo(3).isOdd();
        return kafka;
    }

    /** The five topics, for the cluster {@code cluster}; returns them by topic name. */
    static Map<String, KafkaTopic> checkTopics(List<JsonNode> documents, String cluster) {
        Map<String, KafkaTopic> topics = typed(documents, "KafkaTopic", KafkaTopic.class).stream()
                .collect(Collectors.toMap(t -> t.getSpec().getTopicName(), Function.identity()));
        assertThat(topics.keySet()).isEqualTo(TOPICS);
        topics.values().forEach(topic -> {
            assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", cluster);
            assertThat(topic.getSpec().getReplicas()).isGreaterThanOrEqualTo(3);
            assertThat(topic.getSpec().getConfig()).containsEntry("min.insync.replicas", 2);
        });
        int raw = topics.get("telemetry.raw").getSpec().getPartitions();
        assertThat(raw).as("telemetry.raw partitions: the detector scales out to this many pods")
                .isGreaterThanOrEqualTo(6);
        assertThat(topics.get("telemetry.anomalies").getSpec().getPartitions()).isGreaterThanOrEqualTo(2);
        assertThat(topics.get("telemetry.detector-state").getSpec().getConfig())
                .containsEntry("cleanup.policy", "compact");
        return topics;
    }

    /** One SCRAM user per service, each with exactly its ACLs. */
    static void checkUsers(List<JsonNode> documents, String cluster) {
        Map<String, KafkaUser> users = typed(documents, "KafkaUser", KafkaUser.class).stream()
                .collect(Collectors.toMap(u -> u.getMetadata().getName(), Function.identity()));
        assertThat(users.keySet()).isEqualTo(ACLS.keySet());
        users.forEach((name, user) -> {
            assertThat(user.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", cluster);
            assertThat(user.getSpec().getAuthentication()).isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
            assertThat(user.getSpec().getAuthorization()).isInstanceOf(KafkaUserAuthorizationSimple.class);
            List<AclRule> acls = ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
            Set<String> granted = new TreeSet<>();
            for (AclRule rule : acls) {
                assertThat(rule.getOperation()).as("v1 uses operations, not operation").isNull();
                rule.getOperations().forEach(op -> granted.add(describe(rule.getResource()) + ":"
                        + op.toString().toLowerCase(Locale.ROOT)));
            }
            assertThat(granted).as("ACLs of %s", name).isEqualTo(new TreeSet<>(ACLS.get(name)));
        });
    }

    /** Topics and Kafka's own settings replicate as the node pool allows ({@code nodes} nodes). */
    static void checkReplication(List<JsonNode> documents, String cluster, int nodes, int replication, int minIsr) {
        Kafka kafka = typed(documents, "Kafka", Kafka.class).get(0);
        assertThat(kafka.getMetadata().getName()).isEqualTo(cluster);
        assertThat(typed(documents, "KafkaNodePool", KafkaNodePool.class)).singleElement()
                .satisfies(pool -> assertThat(pool.getSpec().getReplicas()).isEqualTo(nodes));
        assertThat(kafka.getSpec().getKafka().getConfig()).as("%d nodes", nodes)
                .containsEntry("default.replication.factor", replication)
                .containsEntry("offsets.topic.replication.factor", replication)
                .containsEntry("transaction.state.log.replication.factor", replication)
                .containsEntry("min.insync.replicas", minIsr)
                .containsEntry("transaction.state.log.min.isr", minIsr);
        List<KafkaTopic> topics = typed(documents, "KafkaTopic", KafkaTopic.class);
        assertThat(topics).hasSize(TOPICS.size()).allSatisfy(topic -> {
            assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", cluster);
            assertThat(topic.getSpec().getReplicas()).isEqualTo(replication);
            assertThat(topic.getSpec().getConfig()).containsEntry("min.insync.replicas", minIsr);
        });
        assertThat(typed(documents, "KafkaUser", KafkaUser.class)).allSatisfy(user ->
                assertThat(user.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", cluster));
    }

    /**
     * The pods Strimzi makes from these resources run under restricted Pod Security: their templates (the pods
     * themselves exist only in a cluster) set it, and the node pool has resources.
     */
    static void checkRestrictedTemplates(List<JsonNode> documents) {
        Kafka kafka = typed(documents, "Kafka", Kafka.class).get(0);
        KafkaNodePool pool = typed(documents, "KafkaNodePool", KafkaNodePool.class).get(0);
        assertThat(pool.getSpec().getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(pool.getSpec().getResources().getLimits()).containsKey("memory");
        checkRestricted("KafkaNodePool pod", pool.getSpec().getTemplate().getPod().getSecurityContext(),
                List.of(pool.getSpec().getTemplate().getKafkaContainer().getSecurityContext(),
                        pool.getSpec().getTemplate().getInitContainer().getSecurityContext()));
        var operator = kafka.getSpec().getEntityOperator().getTemplate();
        checkRestricted("entity operator", operator.getPod().getSecurityContext(),
                List.of(operator.getTopicOperatorContainer().getSecurityContext(),
                        operator.getUserOperatorContainer().getSecurityContext()));
        var exporter = kafka.getSpec().getKafkaExporter().getTemplate();
        checkRestricted("Kafka Exporter", exporter.getPod().getSecurityContext(),
                List.of(exporter.getContainer().getSecurityContext()));
    }

    private static void checkRestricted(String what, io.fabric8.kubernetes.api.model.PodSecurityContext pod,
            List<io.fabric8.kubernetes.api.model.SecurityContext> containers) {
        io.fabric8.kubernetes.api.model.PodSpec spec = new io.fabric8.kubernetes.api.model.PodSpecBuilder()
                .withSecurityContext(pod).build();
        for (int i = 0; i < containers.size(); i++) {
            spec.getContainers().add(new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("c" + i)
                    .withSecurityContext(containers.get(i)).build());
        }
        assertThat(RestrictedPods.violations(what, spec)).isEmpty();
    }

    /** Metrics: the JMX exporter's rules from a ConfigMap the chart renders, and Kafka Exporter for group lag. */
    static void checkMetrics(List<JsonNode> strimzi, List<JsonNode> all) {
        Kafka kafka = typed(strimzi, "Kafka", Kafka.class).get(0);
        var metrics = (io.strimzi.api.kafka.model.common.metrics.JmxPrometheusExporterMetrics)
                kafka.getSpec().getKafka().getMetricsConfig();
        String configMap = metrics.getValueFrom().getConfigMapKeyRef().getName();
        String key = metrics.getValueFrom().getConfigMapKeyRef().getKey();
        assertThat(Yaml.ofKind(all, "ConfigMap")).anySatisfy(c -> {
            assertThat(c.path("metadata").path("name").asText()).isEqualTo(configMap);
            assertThat(c.path("data").path(key).asText()).contains("rules:");
        });
        assertThat(kafka.getSpec().getKafkaExporter().getGroupRegex()).matches(r ->
                "detector-service".matches(r) && "anomaly-store".matches(r));
        assertThat(kafka.getSpec().getKafkaExporter().getTopicRegex()).matches(r -> TOPICS.stream()
                .allMatch(topic -> topic.matches(r)));
    }

    private static String describe(AclRuleResource resource) {
        if (resource instanceof AclRuleTopicResource topic) {
            return "topic:" + topic.getName() + ":" + lower(topic.getPatternType());
        } else if (resource instanceof AclRuleGroupResource group) {
            return "group:" + group.getName() + ":" + lower(group.getPatternType());
        } else if (resource instanceof AclRuleTransactionalIdResource id) {
            return "transactionalid:" + id.getName() + ":" + lower(id.getPatternType());
        } else if (resource instanceof AclRuleClusterResource) {
            return "cluster::";
        }
        throw new AssertionError("unexpected ACL resource " + resource.getType());
    }

    private static String lower(Object value) {
        return value == null ? "literal" : value.toString().toLowerCase(Locale.ROOT);
    }
}

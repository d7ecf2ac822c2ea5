package space.telemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** k8s/kafka/*.yaml against the typed Strimzi kafka.strimzi.io/v1 model (io.strimzi:api 0.49.0). */
class StrimziResourcesTest {
    static final Path KAFKA = Repo.ROOT.resolve("k8s/kafka");

    static List<JsonNode> documents() {
        List<JsonNode> documents = new ArrayList<>();
        for (String file : List.of("kafka.yaml", "topics.yaml", "users.yaml")) {
            documents.addAll(Yaml.documents(KAFKA.resolve(file)));
        }
        return documents;
    }

    @Test
    void everyResourceIsStrimziV1() {
        List<JsonNode> documents = documents();
        assertThat(StrimziChecks.strimzi(documents)).hasSameSizeAs(documents).hasSize(1 + 1 + 5 + 3);
    }

    @Test
    void theClusterIsKraftWithScramAndAcls() {
        Kafka kafka = StrimziChecks.checkCluster(documents());
        StrimziChecks.checkRestrictedTemplates(documents());
        assertThat(kafka.getMetadata().getName()).isEqualTo("telemetry");
    }

    @Test
    void theTopicsLetTheDetectorScaleOut() {
        Map<String, KafkaTopic> topics = StrimziChecks.checkTopics(documents(), "telemetry");
        assertThat(topics.get("telemetry.raw").getSpec().getPartitions()).isEqualTo(12);
        assertThat(topics.get("telemetry.detector-state").getSpec().getPartitions()).isEqualTo(12);
    }

    @Test
    void theLocalBrokerCreatesTheTopicsWithTheClustersSettingsButReplication() {
        Map<String, KafkaTopic> topics = StrimziChecks.checkTopics(documents(), "telemetry");
        topics.forEach((name, topic) -> {
            Map<String, String> cluster = new java.util.HashMap<>();
            topic.getSpec().getConfig().forEach((key, value) -> cluster.put(key, String.valueOf(value)));
            cluster.remove("min.insync.replicas");
            assertThat(space.telemetry.localinfra.KafkaBroker.TOPIC_CONFIGS.get(name)).as(name).isEqualTo(cluster);
        });
    }

    @Test
    void eachServiceHasItsUserWithLeastPrivilege() {
        StrimziChecks.checkUsers(documents(), "telemetry");
    }

    @Test
    void theDetectorCanRunAsManyPodsAsTheGeneratedStatefulSetAsks() {
        int partitions = StrimziChecks.checkTopics(documents(), "telemetry").get("telemetry.raw").getSpec()
                .getPartitions();
        JsonNode statefulSet = Yaml.ofKind(Yaml.documents(Repo.ROOT.resolve("k8s/services/detector-service.yaml")),
                "StatefulSet").get(0);
        assertThat(statefulSet.path("spec").path("replicas").asInt()).isBetween(1, partitions);
    }

    @Test
    void anUnknownFieldFails() {
        JsonNode typo = Yaml.documents("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: telemetry.raw, labels: {strimzi.io/cluster: telemetry}}
                spec: {topicName: telemetry.raw, partitions: 12, replica: 3}
                """).get(0);
        assertThatThrownBy(() -> Yaml.strict(typo, KafkaTopic.class)).hasMessageContaining("replica");
        JsonNode nested = Yaml.documents("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: x}
                spec:
                  authentication: {type: scram-sha-512}
                  authorization:
                    type: simple
                    acls: [{resource: {type: topic, name: t, patternTyp: literal}, operations: [Read]}]
                """).get(0);
        assertThatThrownBy(() -> Yaml.strict(nested, io.strimzi.api.kafka.model.user.KafkaUser.class))
                .hasMessageContaining("patternTyp");
    }
}

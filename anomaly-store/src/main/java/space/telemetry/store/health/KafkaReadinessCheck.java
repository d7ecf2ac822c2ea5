package space.telemetry.store.health;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import space.telemetry.store.config.StoreConfig;

/** Readiness of the Kafka cluster, answered within a bounded time (DOWN when the cluster does not answer). */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {
    static final String NAME = "Kafka cluster";

    private final Map<String, Object> kafkaConfig;
    private final StoreConfig config;
    private Admin admin;

    public KafkaReadinessCheck(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            StoreConfig config) {
        this.kafkaConfig = kafkaConfig;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        long timeoutMs = config.health().kafkaTimeout().toMillis();
        try {
            Collection<Node> nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs))
                    .nodes().get(timeoutMs + 500, TimeUnit.MILLISECONDS);
            return response.up().withData("nodes", nodes.stream().map(n -> n.host() + ":" + n.port()).toList()
                    .toString()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().withData("reason", "interrupted").build();
        } catch (ExecutionException e) {
            return response.down().withData("reason", String.valueOf(e.getCause().getMessage())).build();
        } catch (Exception e) {
            return response.down().withData("reason", e.toString()).build();
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> adminConfig = new HashMap<>();
            kafkaConfig.forEach((key, value) -> {
                if (AdminClientConfig.configNames().contains(key)) {
                    adminConfig.put(key, value.toString());
                }
            });
            adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "anomaly-store-health");
            admin = Admin.create(adminConfig);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}

package space.telemetry.localinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    @Test
    void sharedBrokerServesThePlatformTopics() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        broker.createTopics(3); // a second call finds them all and is harmless
        try (Admin admin = KafkaBroker.admin(broker.bootstrapServers())) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .contains("telemetry.raw", "telemetry.anomalies", "telemetry.scores", "telemetry.dlq",
                            "telemetry.detector-state");
            assertThat(admin.describeTopics(java.util.List.of("telemetry.raw")).allTopicNames().get()
                    .get("telemetry.raw").partitions()).hasSize(3);
        }
    }

    @Test
    void databaseIsCreatedWhenMissing() throws Exception {
        PostgresDatabase db = PostgresDatabase.fromEnvironment("local_infra_test").ensureExists();
        db.execute("CREATE TABLE IF NOT EXISTS probe (id int)");
        try (var connection = db.connect(); var rows = connection.createStatement().executeQuery("SELECT count(*) FROM probe")) {
            assertThat(rows.next()).isTrue();
        }
    }
}

package space.telemetry.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import space.telemetry.contract.EventState;
import space.telemetry.contract.ScoreBatch;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryJson;
import space.telemetry.contract.Topics;
import space.telemetry.localinfra.KafkaBrokerTestResource;

/** The store with its database on a closed port: every valid record is retried, so the consumers stall. */
@QuarkusTest
@TestProfile(ConsumerStallTest.DatabaseUnreachable.class)
@WithTestResource(KafkaBrokerTestResource.class)
class ConsumerStallTest {
    private static final String CHECK = "checks.find { it.name == 'telemetry.anomalies consumer' }";
    private static final String SCORES_CHECK = "checks.find { it.name == 'telemetry.scores consumer' }";

    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;
    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    /** Datasource on a local port nobody listens on (the shared PostgreSQL is not touched), short stall-after. */
    public static class DatabaseUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String database = "//127.0.0.1:" + closedPort() + "/" + StoreTestSupport.DATABASE;
            return Map.of(
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql:" + database,
                    "quarkus.datasource.reactive.url", "postgresql:" + database,
                    "quarkus.datasource.username", "postgres",
                    "quarkus.flyway.migrate-at-start", "false",
                    "anomaly-store.health.stall-after", "PT2S",
                    // a group of its own: the other tests' committed offsets stay as they are
                    "mp.messaging.incoming.anomalies-in.group.id", "anomaly-store-stall-test",
                    "mp.messaging.incoming.anomalies-in.group.instance.id", "anomaly-store-stall-test",
                    "mp.messaging.incoming.scores-in.group.id", "anomaly-store-scores-stall-test",
                    "mp.messaging.incoming.scores-in.group.instance.id", "anomaly-store-scores-stall-test");
        }

        private static int closedPort() {
            return space.telemetry.localinfra.KafkaBroker.freePort();
        }
    }

    @Test
    void readinessGoesDownWithTheReasonWhenAnEventCannotBeStoredForLongerThanStallAfter() {
        StoreTestSupport.send(StoreTestSupport.event("SMAP", StoreTestSupport.uniqueChannel("S"), "ewma", 1, 2,
                EventState.OPEN, 1, 1.0));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get(readiness).then()
                .statusCode(503)
                .body(CHECK + ".status", equalTo("DOWN"))
                .body(CHECK + ".data.lag", greaterThanOrEqualTo(1))
                .body(CHECK + ".data.reason", startsWith("stalled: ")));
        assertThat(given().get(readiness).then().extract().path(CHECK + ".data.reason").toString())
                .contains("no progress since").contains("; last failure: ");
    }

    @Test
    void stallGaugesReadOneAndTheStallDuration() {
        StoreTestSupport.send(StoreTestSupport.event("SMAP", StoreTestSupport.uniqueChannel("G"), "ewma", 1, 2,
                EventState.OPEN, 1, 1.0));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(given().get(metrics).asString())
                .containsPattern("(?m)^anomaly_store_consumer_stalled 1\\.0$")
                .containsPattern("(?m)^anomaly_store_consumer_stall_seconds [1-9]"));
    }

    @Test
    void scoresReadinessGoesDownWhenPointsCannotBeStoredForLongerThanStallAfter() {
        String channel = StoreTestSupport.uniqueChannel("Z");
        ScoreBatch batch = new ScoreBatch("SMAP", channel, Split.TEST, 0.5, new long[] {0, 1},
                new long[] {StoreTestSupport.T0.toEpochMilli(), StoreTestSupport.T0.toEpochMilli() + 60_000},
                new double[] {0.1, 0.2}, new float[] {0.1f, 0.9f});
        StoreTestSupport.sendRaw(Topics.SCORES, channel, TelemetryJson.write(batch));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get(readiness).then()
                .statusCode(503)
                .body(SCORES_CHECK + ".status", equalTo("DOWN"))
                .body(SCORES_CHECK + ".data.lag", greaterThanOrEqualTo(1))
                .body(SCORES_CHECK + ".data.reason", startsWith("stalled: ")));
        assertThat(given().get(metrics).asString())
                .containsPattern("(?m)^anomaly_store_scores_consumer_stalled 1\\.0$");
    }
}

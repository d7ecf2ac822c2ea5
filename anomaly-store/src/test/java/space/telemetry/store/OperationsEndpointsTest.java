package space.telemetry.store;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBrokerTestResource;
import space.telemetry.localinfra.PostgresTestResource;

@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = StoreTestSupport.DATABASE))
@WithTestResource(JwtTestResource.class)
class OperationsEndpointsTest {
    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;
    @TestHTTPResource(value = "/health/live", management = true)
    URL liveness;
    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;
    @TestHTTPResource(value = "/openapi", management = true)
    URL openApi;

    @Test
    void readinessOnTheManagementPortReportsDatabaseAndKafka() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get(readiness).then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check",
                        "Kafka cluster", "SmallRye Reactive Messaging - readiness check",
                        "telemetry.anomalies consumer")));
        given().get(liveness).then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsExposeIngestionCountersAndKafkaClientMetrics() {
        StoreTestSupport.send(StoreTestSupport.event("SMAP", StoreTestSupport.uniqueChannel("K"), "ewma", 1, 2,
                space.telemetry.contract.EventState.OPEN, 1, 1.0));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get(metrics).then()
                .statusCode(200)
                .body(containsString("anomaly_store_events_received_total"))
                .body(containsString("anomaly_store_events_upserted_total"))
                .body(containsString("anomaly_store_events_rejected_total"))
                .body(containsString("anomaly_store_upsert_seconds_count"))
                .body(containsString("anomaly_store_consumer_stalled 0.0"))
                .body(containsString("anomaly_store_consumer_stall_seconds 0.0"))
                .body(containsString("kafka_consumer_fetch_manager_records_lag")));
    }

    @Test
    void openApiDocumentsTheQueryApi() {
        given().queryParam("format", "json").get(openApi).then().statusCode(200)
                .body(containsString("/anomalies/summary"))
                .body(containsString("/anomalies/{id}"))
                .body(containsString("application/problem+json"));
    }
}

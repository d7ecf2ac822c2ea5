package space.telemetry.store;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static space.telemetry.store.StoreTestSupport.asViewer;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.EventState;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBrokerTestResource;
import space.telemetry.localinfra.ManagementPortTestResource;
import space.telemetry.localinfra.PostgresTestResource;

/** The packaged application: healthy, and storing an event from Kafka that the REST API then serves. */
@QuarkusIntegrationTest
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = StoreTestSupport.DATABASE))
@WithTestResource(JwtTestResource.class)
@WithTestResource(ManagementPortTestResource.class)
class AnomalyStoreIT {

    @Test
    void packagedServiceIsHealthyAndServesAStoredEvent() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get(ManagementPortTestResource.url("/q/health/ready")).then()
                .statusCode(200).body("status", equalTo("UP")));

        AnomalyEvent event = StoreTestSupport.event("SMAP", StoreTestSupport.uniqueChannel("IT"), "ewma", 7, 9,
                EventState.CLOSED, 77, 5.5);
        StoreTestSupport.send(event);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> asViewer().get("/anomalies/{id}", event.id())
                .then().statusCode(200)
                .body("id", equalTo(event.id()))
                .body("state", equalTo("closed")));
    }
}

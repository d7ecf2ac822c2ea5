package space.telemetry.replay;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static space.telemetry.replay.Requests.asViewer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBrokerTestResource;
import space.telemetry.localinfra.ManagementPortTestResource;

/** Against the packaged jar: readiness (Kafka and data) and the channel list. */
@QuarkusIntegrationTest
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(SyntheticDataTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(ManagementPortTestResource.class)
class ReplayServiceIT {
    @Test
    void healthOnTheManagementPortAndChannelsWithAToken() {
        given().get(ManagementPortTestResource.url("/q/health/ready")).then().statusCode(200).body("status", equalTo("UP"));
        given().get("/channels").then().statusCode(401);
        asViewer().get("/channels").then().statusCode(200)
                .body("id", hasItem("RPL-1"))
                .body("find { it.id == 'RPLM-1' }.spacecraft", equalTo("MSL"));
    }
}

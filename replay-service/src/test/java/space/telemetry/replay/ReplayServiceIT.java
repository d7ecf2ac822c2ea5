package space.telemetry.replay;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;
import space.telemetry.localinfra.KafkaBrokerTestResource;

/** Against the packaged jar: readiness (Kafka and data) and the channel list. */
@QuarkusIntegrationTest
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(SyntheticDataTestResource.class)
class ReplayServiceIT {
    @Test
    void healthAndChannels() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/channels").then().statusCode(200)
                .body("id", hasItem("RPL-1"))
                .body("find { it.id == 'RPLM-1' }.spacecraft", equalTo("MSL"));
    }
}

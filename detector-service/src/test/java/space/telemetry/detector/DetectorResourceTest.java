package space.telemetry.detector;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBrokerTestResource;
import space.telemetry.localinfra.LocalCredentials;

@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(JwtTestResource.class)
class DetectorResourceTest {
    @TestHTTPResource(value = "/health/live", management = true)
    URL liveness;

    @Test
    void viewerReadsTheDetectionConfiguration() {
        given().auth().oauth2(JwtTestResource.token(LocalCredentials.VIEWER)).get("/detectors").then()
                .statusCode(200).body("fingerprint", notNullValue());
    }

    @Test
    void requestWithoutTokenIsUnauthorizedWithAProblem() {
        given().get("/detectors").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void healthIsOnTheManagementPortWithoutToken() {
        given().get(liveness).then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(404);
    }
}

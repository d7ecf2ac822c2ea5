package space.telemetry.replay;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static space.telemetry.replay.Requests.asOperator;
import static space.telemetry.replay.Requests.asViewer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBrokerTestResource;

@QuarkusTest
@TestProfile(MissingDataDirTest.Profile.class)
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(JwtTestResource.class)
class MissingDataDirTest {
    static final String MISSING = "/nonexistent/telemanom-data";

    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;

    /** Points replay.data-dir at a directory that does not exist. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("replay.data-dir", MISSING);
        }
    }

    @Test
    void replayIsRefusedWithAProblemNamingTheSettingNotTheServerPath() {
        asOperator().contentType(ContentType.JSON).body("{}").when().post("/replays")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("detail", containsString("TELEMANOM_DIR"))
                .body("detail", not(containsString(MISSING)));
        asViewer().get("/channels").then().statusCode(409).body("detail", not(containsString(MISSING)));
    }

    @Test
    void readinessIsDown() {
        given().get(readiness).then().statusCode(503)
                .body("checks.find { it.name == 'telemanom-data' }.status", equalTo("DOWN"));
    }
}

package space.telemetry.replay;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import space.telemetry.localinfra.KafkaBrokerTestResource;

@QuarkusTest
@TestProfile(MissingDataDirTest.Profile.class)
@WithTestResource(KafkaBrokerTestResource.class)
class MissingDataDirTest {
    static final String MISSING = "/nonexistent/telemanom-data";

    /** Points replay.data-dir at a directory that does not exist. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("replay.data-dir", MISSING);
        }
    }

    @Test
    void replayIsRefusedWithAProblemNamingTheDirectory() {
        given().contentType(ContentType.JSON).body("{}").when().post("/replays")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("detail", containsString(MISSING))
                .body("detail", containsString("not found"));
        given().get("/channels").then().statusCode(409).body("detail", containsString(MISSING));
    }

    @Test
    void readinessIsDown() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'telemanom-data' }.status", equalTo("DOWN"));
    }
}

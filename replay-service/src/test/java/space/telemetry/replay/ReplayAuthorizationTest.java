package space.telemetry.replay;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static space.telemetry.replay.Requests.asOperator;
import static space.telemetry.replay.Requests.asViewer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBrokerTestResource;
import space.telemetry.localinfra.LocalCredentials;

@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(SyntheticDataTestResource.class)
@WithTestResource(JwtTestResource.class)
class ReplayAuthorizationTest {
    private static final Set<String> OPERATOR = Set.of(LocalCredentials.OPERATOR);

    private static void assertUnauthorized(String token) {
        given().auth().oauth2(token).get("/replays").then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401));
    }

    @Test
    void requestWithoutTokenIsUnauthorizedWithAProblem() {
        given().get("/channels").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("title", equalTo("Unauthorized"));
        given().contentType(ContentType.JSON).body("{}").post("/replays").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void viewerCannotStartOrStopReplays() {
        asViewer().contentType(ContentType.JSON).body("{\"channels\": [\"RPL-3\"]}").post("/replays").then()
                .statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        asViewer().post("/replays/any/stop").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void viewerReadsChannelsAndReplays() {
        asViewer().get("/channels").then().statusCode(200);
        asViewer().get("/replays").then().statusCode(200);
    }

    @Test
    void operatorReadsToo() {
        asOperator().get("/replays").then().statusCode(200);
    }

    @Test
    void expiredTokenIsUnauthorized() {
        assertUnauthorized(JwtTestResource.credentials().token("late", OPERATOR, Duration.ofMinutes(-10)));
    }

    @Test
    void tokenOfAnotherIssuerIsUnauthorized() {
        assertUnauthorized(JwtTestResource.credentials().token("someone-else", LocalCredentials.AUDIENCE, "user",
                OPERATOR, Duration.ofMinutes(5)));
    }

    @Test
    void tokenForAnotherAudienceIsUnauthorized() {
        assertUnauthorized(JwtTestResource.credentials().token(LocalCredentials.ISSUER, "another-client", "user",
                OPERATOR, Duration.ofMinutes(5)));
    }

    @Test
    void tokenSignedWithAnotherKeyIsUnauthorized() throws Exception {
        LocalCredentials forger = LocalCredentials.create(Files.createTempDirectory("forged"));
        assertUnauthorized(forger.token("mallory", OPERATOR, Duration.ofMinutes(5)));
        assertUnauthorized("not.a.token");
    }
}

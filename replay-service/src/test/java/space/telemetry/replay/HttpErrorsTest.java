package space.telemetry.replay;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static space.telemetry.replay.Requests.asOperator;
import static space.telemetry.replay.Requests.asViewer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBrokerTestResource;

/** The errors the framework produces itself are problem+json bodies too. */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(SyntheticDataTestResource.class)
@WithTestResource(JwtTestResource.class)
class HttpErrorsTest {
    @TestHTTPResource(value = "/openapi", management = true)
    URL openApi;

    @ParameterizedTest(name = "{0} is a 400 problem")
    @ValueSource(strings = {"/replays/%00", "/replays/a%0Ab", "/channels?x=%00", "/channels?x=%7f", "/replays?q=%1B"})
    void controlCharacterInPathOrQueryIsABadRequest(String uri) {
        asViewer().urlEncodingEnabled(false).get(uri).then().statusCode(400)
                .contentType("application/problem+json").body("status", equalTo(400));
    }

    @Test
    void unknownPathIsANotFoundProblem() {
        asViewer().get("/nothing/here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void wrongMethodIsAMethodNotAllowedProblem() {
        asOperator().delete("/replays").then().statusCode(405).contentType("application/problem+json");
    }

    @Test
    void unsupportedAcceptIsANotAcceptableProblem() {
        asViewer().accept("text/csv").get("/replays").then().statusCode(406)
                .contentType("application/problem+json");
    }

    @Test
    void malformedJsonIsABadRequestProblem() {
        asOperator().contentType(ContentType.JSON).body("{\"channels\": [").post("/replays").then().statusCode(400)
                .contentType("application/problem+json").body("title", equalTo("Malformed JSON body"));
    }

    @Test
    void openApiDocumentIsOnTheManagementPortWithoutToken() {
        given().get(openApi).then().statusCode(200);
        given().get("/q/openapi").then().statusCode(404);
    }
}

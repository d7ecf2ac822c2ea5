package space.telemetry.store;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static space.telemetry.store.StoreTestSupport.asViewer;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBrokerTestResource;
import space.telemetry.localinfra.PostgresTestResource;

@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = StoreTestSupport.DATABASE))
@WithTestResource(JwtTestResource.class)
class AnomalyValidationTest {

    @ParameterizedTest(name = "{0}={1} is a 400 problem")
    @CsvSource({
            "state, OPEN",
            "state, pending",
            "from, yesterday",
            "to, 2018-13-01T00:00:00Z",
            "size, 0",
            "size, 1001",
            "size, abc",
            "size, 1.5",
            "page, -1",
            "page, 99999999999999999999",
    })
    void invalidQueryParameterIsABadRequestProblem(String parameter, String value) {
        asViewer().queryParam(parameter, value).get("/anomalies").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:telemetry:problem:invalid-parameter"))
                .body("title", equalTo("Invalid request parameter"))
                .body("status", equalTo(400))
                .body("detail", containsString(parameter))
                .body("parameter", equalTo(parameter))
                .body("invalid-params[0].name", equalTo(parameter))
                .body("invalid-params[0].reason", notNullValue())
                .body("instance", equalTo("/anomalies"));
    }

    @Test
    void fromAfterToIsABadRequestProblem() {
        asViewer().queryParam("from", "2018-05-02T00:00:00Z").queryParam("to", "2018-05-01T00:00:00Z")
                .get("/anomalies").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("parameter", equalTo("from"))
                .body("detail", containsString("must not be after to"));
    }

    @Test
    void malformedIdIsABadRequestProblem() {
        asViewer().get("/anomalies/{id}", "not-a-uuid").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("parameter", equalTo("id"))
                .body("detail", containsString("must be a UUID"));
    }

    @Test
    void unknownIdIsANotFoundProblem() {
        UUID id = UUID.randomUUID();
        asViewer().get("/anomalies/{id}", id).then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:telemetry:problem:not-found"))
                .body("status", equalTo(404))
                .body("detail", containsString(id.toString()))
                .body("instance", equalTo("/anomalies/" + id));
    }

    @Test
    void unknownPathIsANotFoundProblem() {
        asViewer().get("/anomalies/summary/extra").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }
}

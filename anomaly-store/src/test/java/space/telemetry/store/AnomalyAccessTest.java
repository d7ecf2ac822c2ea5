package space.telemetry.store;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBrokerTestResource;
import space.telemetry.localinfra.LocalCredentials;
import space.telemetry.localinfra.PostgresTestResource;

@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = StoreTestSupport.DATABASE))
@WithTestResource(JwtTestResource.class)
class AnomalyAccessTest {

    @Test
    void requestWithoutTokenIsUnauthorizedWithAProblem() {
        given().get("/anomalies/summary").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401));
    }

    @Test
    void operatorReadsToo() {
        given().auth().oauth2(JwtTestResource.token(LocalCredentials.OPERATOR)).get("/anomalies/summary").then()
                .statusCode(200);
    }

    @Test
    void tokenWithoutARoleIsForbiddenWithAProblem() {
        given().auth().oauth2(JwtTestResource.token()).get("/anomalies/summary").then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void controlCharacterInTheQueryIsABadRequestProblem() {
        StoreTestSupport.asViewer().urlEncodingEnabled(false).get("/anomalies?channel=P-1%00").then()
                .statusCode(400).contentType("application/problem+json");
    }
}

package space.telemetry.store;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBrokerTestResource;
import space.telemetry.localinfra.PostgresTestResource;

/** The console's static files are served at / without a token (they hold no data); the API still wants one. */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = StoreTestSupport.DATABASE))
@WithTestResource(JwtTestResource.class)
class ConsolePageTest {

    @Test
    void rootServesTheConsoleWithoutAToken() {
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("console/app.js"))
                .header("Content-Security-Policy", containsString("default-src 'self'"));
        given().get("/console/app.js").then().statusCode(200).contentType(containsString("javascript"));
        given().get("/console/console.css").then().statusCode(200).contentType(containsString("text/css"));
    }

    @Test
    void uplotComesFromItsWebJarWithoutAVersionInThePath() {
        given().get("/webjars/uplot/dist/uPlot.esm.js").then().statusCode(200)
                .contentType(containsString("javascript")).body(containsString("uPlot"));
        given().get("/webjars/uplot/dist/uPlot.min.css").then().statusCode(200).contentType(containsString("text/css"));
    }

    @Test
    void theApiBesideItStillWantsAToken() {
        given().get("/anomalies").then().statusCode(401).contentType("application/problem+json");
    }
}

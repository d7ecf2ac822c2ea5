package space.telemetry.store;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static space.telemetry.store.StoreTestSupport.asViewer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBrokerTestResource;

@QuarkusTest
@TestProfile(DatabaseUnavailableTest.ClosedPort.class)
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(JwtTestResource.class)
class DatabaseUnavailableTest {

    /** The datasource points at a port where nothing listens (the machine's PostgreSQL is left alone). */
    public static class ClosedPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:1/anomalies",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/anomalies",
                    "quarkus.datasource.username", "postgres",
                    "quarkus.flyway.migrate-at-start", "false");
        }
    }

    @Test
    void queryWhileTheDatabaseIsUnreachableIsAServiceUnavailableProblemWithRetryAfter() {
        asViewer().get("/anomalies").then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", equalTo("5"))
                .body("status", equalTo(503))
                .body("detail", not(containsString("127.0.0.1")));
        asViewer().get("/anomalies/{id}", UUID.randomUUID()).then().statusCode(503);
        asViewer().get("/anomalies/summary").then().statusCode(503);
    }
}

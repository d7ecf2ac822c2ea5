package space.telemetry.replay;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
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
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBrokerTestResource;

@QuarkusTest
@TestProfile(SendFailureTest.Profile.class)
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(SyntheticDataTestResource.class)
@WithTestResource(JwtTestResource.class)
class SendFailureTest {
    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    /** A producer whose requests cannot hold one record: every send fails (RecordTooLargeException). */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.telemetry-raw.max.request.size", "64");
        }
    }

    @Test
    void aFailedSendFailsTheReplayWithTheKafkaError() {
        String id = asOperator().contentType(ContentType.JSON)
                .body("{\"channels\": [\"RPL-1\"], \"speed\": \"max\"}")
                .when().post("/replays")
                .then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> !asViewer().get("/replays/" + id).then().extract().path("state").equals("RUNNING"));
        asViewer().get("/replays/" + id).then().statusCode(200)
                .body("state", equalTo("FAILED"))
                .body("error", containsString("send to Kafka failed"))
                .body("error", containsString("RecordTooLargeException"))
                .body("recordsSent", equalTo(0))
                .body("recordsTotal", equalTo(SyntheticDataTestResource.TRAIN_ROWS + SyntheticDataTestResource.TEST_ROWS))
                .body("progress", lessThan(1.0f));
        given().get(metrics).then().statusCode(200)
                .body(containsString("replay_send_failures_total "))
                .body(not(containsString("replay_send_failures_total 0.0")));
    }
}

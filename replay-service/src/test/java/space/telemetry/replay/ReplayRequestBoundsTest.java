package space.telemetry.replay;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static space.telemetry.replay.Requests.asOperator;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBrokerTestResource;

@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(SyntheticDataTestResource.class)
@WithTestResource(JwtTestResource.class)
class ReplayRequestBoundsTest {

    private static ValidatableResponse start(String body) {
        return asOperator().contentType(ContentType.JSON).body(body).post("/replays").then()
                .contentType("application/problem+json");
    }

    @ParameterizedTest(name = "speed {0} is refused")
    @ValueSource(strings = {"\"1e-300\"", "1e-300", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "0", "-2", "0.5",
            "1e8", "\"0x10\"", "\"fast\"", "\"1000000000000000000000000000000000000000\""})
    void speedOutsideOneToTenMillionIsRefused(String speed) {
        start("{\"channels\": [\"RPL-1\"], \"speed\": " + speed + "}").statusCode(400)
                .body("detail", containsString("speed must be \"max\" or a number from 1 to 10000000"));
    }

    @ParameterizedTest(name = "startTime {0} is refused")
    @ValueSource(strings = {"-1000000000-01-01T00:00:00Z", "1899-12-31T23:59:59Z", "+10000-01-01T00:00:00Z"})
    void startTimeOutsideTheLimitsIsRefused(String startTime) {
        start("{\"channels\": [\"RPL-1\"], \"startTime\": \"" + startTime + "\"}").statusCode(400)
                .body("detail", containsString("startTime must be between"));
    }

    @Test
    void startTimeWhoseLastPointPassesTheLimitIsRefused() {
        // 1000 points one minute apart need 999 minutes: four hours before the limit is not enough
        start("{\"channels\": [\"RPL-1\"], \"startTime\": \"9999-12-31T20:00:00Z\"}").statusCode(400)
                .body("detail", containsString("is too late"));
    }

    @Test
    void moreThanAThousandChannelsAreRefused() {
        String channels = String.join(",", Collections.nCopies(1001, "\"RPL-1\""));
        start("{\"channels\": [" + channels + "]}").statusCode(400).body("parameter", equalTo("channels"));
    }

    @ParameterizedTest(name = "channel id {0} is refused")
    @ValueSource(strings = {"RPL 1", "-RPL", "../train/RPL-1", "RPL-1;DROP"})
    void channelIdOutsideTheNamePatternIsRefused(String id) {
        start("{\"channels\": [\"" + id + "\"]}").statusCode(400).body("detail", containsString("channel ids are"));
    }

    @Test
    void postWithoutBodyIsRefused() {
        asOperator().contentType(ContentType.JSON).post("/replays").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("a JSON body is required"));
    }

    @Test
    void postWithoutJsonContentTypeIsRefused() {
        asOperator().post("/replays").then().statusCode(415).contentType("application/problem+json");
        asOperator().contentType(ContentType.TEXT).body("{}").post("/replays").then().statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void bodyLargerThanTheLimitIsRefused() {
        asOperator().contentType(ContentType.JSON).body("{\"spacecraft\": \"" + "x".repeat(70_000) + "\"}")
                .post("/replays").then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void detailDoesNotEchoLargeInput() {
        start("{\"spacecraft\": \"" + "x".repeat(50_000) + "\"}").statusCode(400)
                .body("detail.length()", lessThanOrEqualTo(200));
    }
}

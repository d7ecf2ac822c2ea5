package space.telemetry.store;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static space.telemetry.store.StoreTestSupport.asOperator;
import static space.telemetry.store.StoreTestSupport.asViewer;
import static space.telemetry.store.StoreTestSupport.event;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.EventState;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBrokerTestResource;
import space.telemetry.localinfra.PostgresTestResource;

@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = StoreTestSupport.DATABASE))
@WithTestResource(JwtTestResource.class)
class VerdictTest {

    private static AnomalyEvent storedEvent() {
        AnomalyEvent event = event("SMAP", StoreTestSupport.uniqueChannel("V"), "range", 10, 20, EventState.CLOSED,
                1, 3.0);
        StoreTestSupport.sendAndAwait(event);
        return event;
    }

    @Test
    void anOperatorsVerdictIsRecordedWithTheTokensPrincipalAndTime() {
        AnomalyEvent event = storedEvent();
        asOperator().contentType("application/json").body(Map.of("verdict", "confirmed", "note", "thermal drift"))
                .post("/anomalies/{id}/verdicts", event.id()).then().statusCode(201)
                .body("id", notNullValue())
                .body("eventId", equalTo(event.id()))
                .body("verdict", equalTo("confirmed"))
                .body("note", equalTo("thermal drift"))
                .body("author", equalTo("test-user"))
                .body("createdAt", notNullValue());
        asViewer().get("/anomalies/{id}", event.id()).then().statusCode(200).body("verdict", equalTo("confirmed"));
    }

    @Test
    void verdictHistoryIsKeptNewestFirstAndTheEventShowsTheLatest() {
        AnomalyEvent event = storedEvent();
        for (String verdict : new String[] {"confirmed", "false-alarm", "expected"}) {
            asOperator().contentType("application/json").body(Map.of("verdict", verdict))
                    .post("/anomalies/{id}/verdicts", event.id()).then().statusCode(201);
        }
        asViewer().get("/anomalies/{id}/verdicts", event.id()).then().statusCode(200)
                .body("verdict", contains("expected", "false-alarm", "confirmed"))
                .body("[2].note", nullValue());
        asViewer().get("/anomalies/{id}", event.id()).then().statusCode(200).body("verdict", equalTo("expected"));
    }

    @Test
    void anomaliesAreFilteredByTheirLatestVerdict() {
        AnomalyEvent confirmed = storedEvent();
        AnomalyEvent overturned = event("SMAP", confirmed.channel(), "shape", 30, 40, EventState.CLOSED, 2, 3.0);
        AnomalyEvent none = event("SMAP", confirmed.channel(), "stuck", 50, 60, EventState.OPEN, 3, 3.0);
        StoreTestSupport.sendAndAwait(overturned, none);
        verdict(confirmed, "confirmed");
        verdict(overturned, "confirmed");
        verdict(overturned, "false-alarm");

        asViewer().queryParam("channel", confirmed.channel()).queryParam("verdict", "confirmed").get("/anomalies")
                .then().statusCode(200).body("total", equalTo(1)).body("items.id", contains(confirmed.id()))
                .body("items[0].verdict", equalTo("confirmed"));
        asViewer().queryParam("channel", confirmed.channel()).queryParam("verdict", "false-alarm").get("/anomalies")
                .then().statusCode(200).body("items.id", contains(overturned.id()));
        asViewer().queryParam("channel", confirmed.channel()).queryParam("verdict", "none").get("/anomalies")
                .then().statusCode(200).body("items.id", contains(none.id()))
                .body("items[0].verdict", nullValue());
        asViewer().queryParam("channel", confirmed.channel()).queryParam("verdict", "expected").get("/anomalies")
                .then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void aVerdictOnAnUnknownEventIsANotFoundProblem() {
        UUID id = UUID.randomUUID();
        asOperator().contentType("application/json").body(Map.of("verdict", "confirmed"))
                .post("/anomalies/{id}/verdicts", id).then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString(id.toString()));
        asViewer().get("/anomalies/{id}/verdicts", id).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void onlyAnOperatorRecordsAVerdict() {
        AnomalyEvent event = storedEvent();
        asViewer().contentType("application/json").body(Map.of("verdict", "confirmed"))
                .post("/anomalies/{id}/verdicts", event.id()).then().statusCode(403)
                .contentType("application/problem+json");
        RestAssured.given().contentType("application/json").body(Map.of("verdict", "confirmed"))
                .post("/anomalies/{id}/verdicts", event.id()).then().statusCode(401)
                .contentType("application/problem+json");
        asViewer().get("/anomalies/{id}/verdicts", event.id()).then().statusCode(200);
    }

    @Test
    void aNoteKeepsItsLineBreaksAndTabs() {
        AnomalyEvent event = storedEvent();
        asOperator().contentType("application/json").body(Map.of("verdict", "expected", "note", "two\nlines\tok"))
                .post("/anomalies/" + event.id() + "/verdicts").then().statusCode(201)
                .body("note", equalTo("two\nlines\tok"));
    }

    @Test
    void invalidVerdictRequestsAreProblemsNeverServerErrors() {
        AnomalyEvent event = storedEvent();
        String path = "/anomalies/" + event.id() + "/verdicts";
        asOperator().contentType("application/json").body(Map.of("verdict", "maybe")).post(path).then()
                .statusCode(400).contentType("application/problem+json")
                .body("parameter", equalTo("verdict"));
        asOperator().contentType("application/json").body(Map.of("note", "no verdict")).post(path).then()
                .statusCode(400).contentType("application/problem+json")
                .body("parameter", equalTo("verdict"));
        asOperator().contentType("application/json").body(Map.of("verdict", "confirmed", "note", "x".repeat(2001)))
                .post(path).then().statusCode(400).contentType("application/problem+json")
                .body("parameter", equalTo("note"));
        asOperator().contentType("application/json").body(Map.of("verdict", "confirmed", "note", "a\u0000b"))
                .post(path).then().statusCode(400).contentType("application/problem+json")
                .body("parameter", equalTo("note"));
        asOperator().contentType("application/json").body("{\"verdict\": ").post(path).then()
                .statusCode(400).contentType("application/problem+json");
        asOperator().contentType("application/json").post(path).then()
                .statusCode(400).contentType("application/problem+json");
        asOperator().contentType("text/plain").body("confirmed").post(path).then()
                .statusCode(415).contentType("application/problem+json");
        asOperator().contentType("application/json")
                .body("{\"verdict\": \"confirmed\", \"note\": \"" + "x".repeat(70_000) + "\"}").post(path).then()
                .statusCode(413).contentType("application/problem+json");
        asOperator().contentType("application/json").body(Map.of("verdict", "confirmed"))
                .post("/anomalies/not-a-uuid/verdicts").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("id"));
        asViewer().queryParam("verdict", "maybe").get("/anomalies").then().statusCode(400)
                .body("parameter", equalTo("verdict"));
        asViewer().get(path).then().statusCode(200).body("size()", equalTo(0));
    }

    private static void verdict(AnomalyEvent event, String verdict) {
        asOperator().contentType("application/json").body(Map.of("verdict", verdict))
                .post("/anomalies/{id}/verdicts", event.id()).then().statusCode(201);
    }
}

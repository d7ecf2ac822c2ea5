package space.telemetry.store;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static space.telemetry.store.StoreTestSupport.T0;
import static space.telemetry.store.StoreTestSupport.asViewer;
import static space.telemetry.store.StoreTestSupport.event;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
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
class AnomalyQueryTest {
    // start/end times are T0 + index minutes
    private static final AnomalyEvent P1_EWMA_OPEN = event("SMAP", "Q-1", "ewma", 100, 110, EventState.OPEN, 1, 5.0);
    private static final AnomalyEvent P1_EWMA_CLOSED =
            event("SMAP", "Q-1", "ewma", 200, 220, EventState.CLOSED, 2, 8.0);
    private static final AnomalyEvent P1_LSTM_CLOSED =
            event("SMAP", "Q-1", "lstm", 300, 310, EventState.CLOSED, 3, 6.5);
    private static final AnomalyEvent P2_EWMA_OPEN = event("SMAP", "Q-2", "ewma", 50, 60, EventState.OPEN, 4, 4.0);
    private static final AnomalyEvent M1_LSTM_CLOSED =
            event("MSL", "QM-1", "lstm", 10, 20, EventState.CLOSED, 5, 12.0);
    private static final List<AnomalyEvent> ALL =
            List.of(P1_EWMA_OPEN, P1_EWMA_CLOSED, P1_LSTM_CLOSED, P2_EWMA_OPEN, M1_LSTM_CLOSED);

    @BeforeEach
    void storeEvents() {
        StoreTestSupport.truncateEvents();
        StoreTestSupport.send(ALL.toArray(AnomalyEvent[]::new));
        await().atMost(Duration.ofSeconds(30)).until(() -> StoreTestSupport.rowCount() == ALL.size());
    }

    @Test
    void filtersReturnOnlyMatchingEvents() {
        asViewer().queryParam("channel", "Q-1").get("/anomalies").then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.id", containsInAnyOrder(P1_EWMA_OPEN.id(), P1_EWMA_CLOSED.id(), P1_LSTM_CLOSED.id()));
        asViewer().queryParam("state", "open").get("/anomalies").then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.id", containsInAnyOrder(P1_EWMA_OPEN.id(), P2_EWMA_OPEN.id()));
        asViewer().queryParam("spacecraft", "SMAP").queryParam("detector", "lstm").get("/anomalies").then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items.id", contains(P1_LSTM_CLOSED.id()));
        asViewer().queryParam("spacecraft", "MSL").get("/anomalies").then().statusCode(200)
                .body("items.id", contains(M1_LSTM_CLOSED.id()));
    }

    @Test
    void timeRangeMatchesEventsOverlappingIt() {
        asViewer().queryParam("from", T0.plusSeconds(60 * 105).toString())
                .queryParam("to", T0.plusSeconds(60 * 200).toString())
                .get("/anomalies").then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.id", contains(P1_EWMA_CLOSED.id(), P1_EWMA_OPEN.id()));
        asViewer().queryParam("to", T0.plusSeconds(60 * 55).toString())
                .get("/anomalies").then().statusCode(200)
                .body("items.id", contains(P2_EWMA_OPEN.id(), M1_LSTM_CLOSED.id()));
        asViewer().queryParam("from", "2018-05-01T05:00:00+00:00")
                .get("/anomalies").then().statusCode(200)
                .body("items.id", contains(P1_LSTM_CLOSED.id()));
    }

    @Test
    void pagesAreNewestFirstWithTotal() {
        asViewer().queryParam("size", 2).get("/anomalies").then().statusCode(200)
                .body("page", equalTo(0)).body("size", equalTo(2)).body("total", equalTo(5))
                .body("items.id", contains(P1_LSTM_CLOSED.id(), P1_EWMA_CLOSED.id()));
        asViewer().queryParam("size", 2).queryParam("page", 1).get("/anomalies").then().statusCode(200)
                .body("page", equalTo(1))
                .body("items.id", contains(P1_EWMA_OPEN.id(), P2_EWMA_OPEN.id()));
        asViewer().queryParam("size", 2).queryParam("page", 2).get("/anomalies").then().statusCode(200)
                .body("items.id", contains(M1_LSTM_CLOSED.id()));
        asViewer().queryParam("size", 2).queryParam("page", 3).get("/anomalies").then().statusCode(200)
                .body("items.size()", equalTo(0)).body("total", equalTo(5));
        asViewer().get("/anomalies").then().statusCode(200)
                .body("size", equalTo(50)).body("items.size()", equalTo(5));
    }

    @Test
    void summaryHasOneRowPerChannelWithCountsSpanAndPeak() {
        asViewer().queryParam("spacecraft", "SMAP").get("/anomalies/summary").then().statusCode(200)
                .body("size()", equalTo(2))
                .body("[0].spacecraft", equalTo("SMAP"))
                .body("[0].channel", equalTo("Q-1"))
                .body("[0].events", equalTo(3))
                .body("[0].open", equalTo(1))
                .body("[0].closed", equalTo(2))
                .body("[0].detectors.ewma", equalTo(2))
                .body("[0].detectors.lstm", equalTo(1))
                .body("[0].firstStartTime", equalTo(P1_EWMA_OPEN.startTime().toString()))
                .body("[0].lastEndTime", equalTo(P1_LSTM_CLOSED.endTime().toString()))
                .body("[0].maxPeakScore", equalTo(8.0f))
                .body("[1].channel", equalTo("Q-2"))
                .body("[1].events", equalTo(1));
        asViewer().get("/anomalies/summary").then().statusCode(200)
                .body("channel", contains("QM-1", "Q-1", "Q-2"))
                .body("[0].maxPeakScore", equalTo(12.0f));
    }
}

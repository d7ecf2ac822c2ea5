package space.telemetry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static space.telemetry.store.StoreTestSupport.asOperator;
import static space.telemetry.store.StoreTestSupport.asViewer;
import static space.telemetry.store.StoreTestSupport.event;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.EventState;
import space.telemetry.data.AnomalySequence;
import space.telemetry.data.LabelRow;
import space.telemetry.data.Labels;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBrokerTestResource;
import space.telemetry.localinfra.PostgresTestResource;

@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = StoreTestSupport.DATABASE))
@WithTestResource(JwtTestResource.class)
class LabelsTest {
    private static final String HEADER = "chan_id,spacecraft,anomaly_sequences,class,num_values\n";

    private static String file(String a, String b) {
        return HEADER
                + a + ",SMAP,\"[[2149, 2349], [4536, 4844], [3539, 3779]]\",\"[contextual, contextual, contextual]\",8505\n"
                + b + ",SMAP,\"[[5300, 5747]]\",[point],7331\n"
                + b + ",SMAP,\"[[5300, 5747], [10, 20]]\",\"[point, point]\",7331\n";
    }

    @Test
    void importingTheSameFileTwiceAddsNothing() {
        String source = StoreTestSupport.uniqueChannel("src");
        String a = StoreTestSupport.uniqueChannel("L");
        String b = StoreTestSupport.uniqueChannel("L");
        asOperator().contentType("text/csv").body(file(a, b)).post("/labels?source=" + source).then().statusCode(200)
                .body("source", equalTo(source)).body("imported", equalTo(5)).body("unchanged", equalTo(0));
        asOperator().contentType("text/csv").body(file(a, b)).post("/labels?source=" + source).then().statusCode(200)
                .body("imported", equalTo(0)).body("unchanged", equalTo(5));
        asViewer().queryParam("channel", a).get("/labels").then().statusCode(200)
                .body("startIndex", contains(2149, 3539, 4536))
                .body("[0].source", equalTo(source))
                .body("[0].spacecraft", equalTo("SMAP"))
                .body("[0].split", equalTo("test"))
                .body("[0].endIndex", equalTo(2349))
                .body("[0].labelClass", equalTo("contextual"))
                .body("[0].importedBy", equalTo("test-user"));
        asViewer().queryParam("channel", b).get("/labels").then().statusCode(200)
                .body("startIndex", contains(10, 5300));
    }

    @Test
    void aMalformedFileIsRefusedNamingTheLineAndNothingIsImported() {
        String a = StoreTestSupport.uniqueChannel("M");
        String csv = HEADER + a + ",SMAP,\"[[1, 2]]\",[point],100\n"
                + a + ",SMAP,\"[[5, 3]]\",[point],100\n";
        asOperator().contentType("text/csv").body(csv).post("/labels?source=bad").then().statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Malformed labels file"))
                .body("detail", containsString("line 3"))
                .body("detail", containsString("[5, 3]"));
        asViewer().queryParam("channel", a).get("/labels").then().statusCode(200).body("size()", equalTo(0));
        asOperator().contentType("text/csv").body("chan,sc\n").post("/labels?source=bad").then().statusCode(400)
                .body("detail", containsString("line 1"));
        asOperator().contentType("text/csv").body(HEADER + a + ",SMAP,\"[[1, 2]]\",\"[point, point]\",100\n")
                .post("/labels?source=bad").then().statusCode(400)
                .body("detail", containsString("line 2: 1 anomaly sequences but 2 classes"));
    }

    @Test
    void importRequestsAreBoundedAndChecked() {
        String a = StoreTestSupport.uniqueChannel("B");
        String row = a + ",SMAP,\"[[1, 2]]\",[point],100\n";
        asViewer().contentType("text/csv").body(HEADER + row).post("/labels?source=x").then().statusCode(403)
                .contentType("application/problem+json");
        asOperator().contentType("application/json").body("{}").post("/labels?source=x").then().statusCode(415)
                .contentType("application/problem+json");
        asOperator().contentType("text/csv").body(HEADER + row).post("/labels").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("source"));
        asOperator().contentType("text/csv").body(HEADER + row).post("/labels?source=a%20b").then().statusCode(400)
                .body("parameter", equalTo("source"));
        // above the 64K of other paths, within the 1M of an import: accepted
        StringBuilder big = new StringBuilder(HEADER);
        for (int i = 0; big.length() < 200_000; i++) {
            big.append(a).append(",SMAP,\"[[").append(10 * i).append(", ").append(10 * i + 5)
                    .append("]]\",[point],100000\n");
        }
        asOperator().contentType("text/csv").body(big.toString()).post("/labels?source=big").then().statusCode(200);
        asOperator().contentType("text/csv").body(HEADER + "x".repeat(1_100_000)).post("/labels?source=x").then()
                .statusCode(413).contentType("application/problem+json");
    }

    @Test
    void exportOfConfirmedEventsIsReadByTheEvaluationLabelsReader(@TempDir Path dir) throws IOException {
        String channel = StoreTestSupport.uniqueChannel("X");
        AnomalyEvent confirmed = event("SMAP", channel, "range", 100, 120, EventState.CLOSED, 1, 3.0);
        AnomalyEvent overlapping = event("SMAP", channel, "shape", 110, 130, EventState.CLOSED, 2, 3.0);
        AnomalyEvent later = event("SMAP", channel, "stuck", 400, 410, EventState.CLOSED, 3, 3.0);
        AnomalyEvent falseAlarm = event("SMAP", channel, "range", 600, 610, EventState.CLOSED, 4, 3.0);
        AnomalyEvent overturned = event("SMAP", channel, "shape", 700, 710, EventState.CLOSED, 5, 3.0);
        StoreTestSupport.sendAndAwait(confirmed, overlapping, later, falseAlarm, overturned);
        StoreTestSupport.insertPoints(channel, "SMAP", "test", 0, StoreTestSupport.T0,
                java.time.Duration.ofMinutes(1), new double[1000], new float[1000]);
        verdict(confirmed, "confirmed");
        verdict(overlapping, "confirmed");
        verdict(later, "confirmed");
        verdict(falseAlarm, "false-alarm");
        verdict(overturned, "confirmed");
        verdict(overturned, "expected");

        String csv = asViewer().get("/labels.csv").then().statusCode(200).contentType("text/csv")
                .extract().asString();
        Path file = dir.resolve("confirmed.csv");
        Files.writeString(file, csv);
        Labels labels = Labels.read(file);
        List<LabelRow> rows = labels.forChannel(channel);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).spacecraft()).isEqualTo("SMAP");
        assertThat(rows.get(0).sequences())
                .containsExactly(new AnomalySequence(100, 130), new AnomalySequence(400, 410));
        assertThat(rows.get(0).classes()).containsExactly("confirmed", "confirmed");
        assertThat(rows.get(0).numValues()).isEqualTo(1000);
    }

    @Test
    void labelsNeedAToken() {
        io.restassured.RestAssured.given().get("/labels.csv").then().statusCode(401)
                .contentType("application/problem+json");
        io.restassured.RestAssured.given().get("/labels").then().statusCode(401);
        asViewer().queryParam("channel", "a b").get("/labels").then().statusCode(400)
                .body("parameter", equalTo("channel"));
    }

    private static void verdict(AnomalyEvent event, String verdict) {
        asOperator().contentType("application/json").body(Map.of("verdict", verdict))
                .post("/anomalies/{id}/verdicts", event.id()).then().statusCode(201);
    }
}

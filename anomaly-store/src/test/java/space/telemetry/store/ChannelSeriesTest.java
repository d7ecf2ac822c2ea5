package space.telemetry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static space.telemetry.store.StoreTestSupport.asViewer;
import static space.telemetry.store.StoreTestSupport.event;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.EventState;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBrokerTestResource;
import space.telemetry.localinfra.PostgresTestResource;
import space.telemetry.store.repository.SeriesRepository;

@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = StoreTestSupport.DATABASE))
@WithTestResource(JwtTestResource.class)
class ChannelSeriesTest {
    private static final Instant T0 = StoreTestSupport.T0;
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void channelsListTheLatestPointAndTheEventCountsAndChannelsWithEventsOnly() {
        String spacecraft = StoreTestSupport.uniqueChannel("CRAFT");
        String withPoints = StoreTestSupport.uniqueChannel("A");
        String eventsOnly = StoreTestSupport.uniqueChannel("B");
        StoreTestSupport.insertPoints(withPoints, spacecraft, "test", 0, T0, MINUTE, new double[] {0.1, 0.2, 0.3},
                new float[] {0.1f, 0.2f, 0.7f});
        AnomalyEvent open = event(spacecraft, withPoints, "range", 1, 2, EventState.OPEN, 1, 4.0);
        AnomalyEvent closed = event(spacecraft, eventsOnly, "range", 5, 9, EventState.CLOSED, 1, 4.0);
        StoreTestSupport.sendAndAwait(open, closed);

        asViewer().queryParam("spacecraft", spacecraft).get("/channels").then().statusCode(200)
                .body("channel", contains(withPoints, eventsOnly))
                .body("[0].spacecraft", equalTo(spacecraft))
                .body("[0].lastSplit", equalTo("test"))
                .body("[0].lastIndex", equalTo(2))
                .body("[0].lastTime", equalTo(T0.plus(MINUTE.multipliedBy(2)).toString()))
                .body("[0].lastValue", equalTo(0.3f))
                .body("[0].lastScore", equalTo(0.7f))
                .body("[0].threshold", equalTo(0.5f))
                .body("[0].anomalies", equalTo(1))
                .body("[0].openAnomalies", equalTo(1))
                .body("[0].lastAnomalyTime", equalTo(open.startTime().toString()))
                .body("[1].lastIndex", nullValue())
                .body("[1].lastTime", nullValue())
                .body("[1].anomalies", equalTo(1))
                .body("[1].openAnomalies", equalTo(0));
    }

    @Test
    void channelsComePageByPageInTheirOrder() {
        String spacecraft = StoreTestSupport.uniqueChannel("PAGED");
        List<String> channels = List.of("A-1", "A-2", "B-1").stream()
                .map(name -> StoreTestSupport.uniqueChannel(name)).sorted().toList();
        for (String channel : channels) {
            StoreTestSupport.insertPoints(channel, spacecraft, "test", 0, T0, MINUTE, new double[] {1}, new float[] {0});
        }

        asViewer().queryParam("spacecraft", spacecraft).queryParam("size", 2).get("/channels").then().statusCode(200)
                .body("channel", contains(channels.get(0), channels.get(1)));
        asViewer().queryParam("spacecraft", spacecraft).queryParam("size", 2).queryParam("page", 1).get("/channels")
                .then().statusCode(200).body("channel", contains(channels.get(2)));
    }

    @ParameterizedTest(name = "channels {0}={1} is a 400 problem")
    @CsvSource({"size, 0", "size, 10001", "page, -1", "page, first"})
    void invalidChannelsPageIsABadRequestProblem(String parameter, String value) {
        asViewer().queryParam(parameter, value).get("/channels").then().statusCode(400)
                .contentType("application/problem+json")
                .body("parameter", equalTo(parameter));
    }

    @Test
    void aShortRangeReturnsEveryPointAsColumnsInTimeOrder() {
        String channel = StoreTestSupport.uniqueChannel("S");
        StoreTestSupport.insertPoints(channel, "SMAP", "train", 0, T0, MINUTE, new double[] {1, 2}, new float[] {0, 0});
        StoreTestSupport.insertPoints(channel, "SMAP", "test", 0, T0.plus(Duration.ofHours(1)), MINUTE,
                new double[] {3, 4, 5}, new float[] {0.1f, 0.6f, 0.2f});

        JsonPath series = asViewer().get("/channels/{id}/series", channel).then().statusCode(200)
                .body("channel", equalTo(channel))
                .body("spacecraft", equalTo("SMAP"))
                .body("from", equalTo(T0.toString()))
                .body("to", equalTo(T0.plus(Duration.ofHours(1)).plus(MINUTE.multipliedBy(2)).toString()))
                .body("totalPoints", equalTo(5))
                .body("downsampled", equalTo(false))
                .extract().jsonPath();
        assertThat(series.getList("points.split", String.class)).containsExactly("train", "train", "test", "test",
                "test");
        assertThat(series.getList("points.index", Long.class)).containsExactly(0L, 1L, 0L, 1L, 2L);
        assertThat(series.getList("points.value", Double.class)).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0);
        assertThat(series.getList("points.score", Float.class)).containsExactly(0f, 0f, 0.1f, 0.6f, 0.2f);
        assertThat(series.getList("points.threshold", Float.class)).containsOnly(0.5f).hasSize(5);
        assertThat(series.getList("points.time", Long.class)).isSorted().first()
                .isEqualTo(T0.toEpochMilli());

        asViewer().queryParam("from", T0.plus(Duration.ofHours(1)).plus(MINUTE).toString())
                .get("/channels/{id}/series", channel).then().statusCode(200)
                .body("totalPoints", equalTo(2))
                .body("points.value", contains(4.0f, 5.0f));
    }

    @Test
    void downsamplingKeepsASinglePointSpikeInValueAndInScore() {
        String channel = StoreTestSupport.uniqueChannel("D");
        int n = 10_000;
        int valueSpike = 4321;
        int scoreSpike = 7777;
        double[] values = new double[n];
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = 0.1 * Math.sin(i / 50.0);
            scores[i] = 0.05f;
        }
        values[valueSpike] = 5.0;
        scores[scoreSpike] = 0.97f;
        StoreTestSupport.insertPoints(channel, "SMAP", "test", 0, T0, MINUTE, values, scores);

        JsonPath series = asViewer().queryParam("maxPoints", 100).get("/channels/{id}/series", channel).then()
                .statusCode(200)
                .body("totalPoints", equalTo(n))
                .body("downsampled", equalTo(true))
                .extract().jsonPath();
        List<Long> index = series.getList("points.index", Long.class);
        List<Double> value = series.getList("points.value", Double.class);
        List<Float> score = series.getList("points.score", Float.class);
        assertThat(index).hasSizeLessThanOrEqualTo(100).hasSizeGreaterThan(50).isSorted();
        assertThat(value).hasSameSizeAs(index);
        assertThat(series.getList("points.time", Long.class)).hasSameSizeAs(index).isSorted();
        assertThat(value.get(index.indexOf((long) valueSpike))).isEqualTo(5.0);
        assertThat(score).contains(0.97f);
        // the high score is carried by the points of the spike's bucket (200 consecutive points) only
        for (int i = 0; i < index.size(); i++) {
            if (score.get(i) == 0.97f) {
                assertThat(index.get(i)).isBetween(scoreSpike - 200L, scoreSpike + 200L);
            } else {
                assertThat(score.get(i)).isEqualTo(0.05f);
            }
        }
    }

    @Inject
    SeriesRepository repository;

    @Test
    void downsamplingInJavaAndInPostgresqlKeepTheSamePoints() {
        String channel = StoreTestSupport.uniqueChannel("J");
        int n = 3001;
        java.util.Random random = new java.util.Random(7);
        double[] values = new double[n];
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = Math.round(random.nextGaussian() * 10) / 10.0; // ties within buckets
            scores[i] = random.nextFloat();
        }
        StoreTestSupport.insertPoints(channel, "SMAP", "test", 0, T0, MINUTE, values, scores);
        Instant from = T0.plus(MINUTE.multipliedBy(13));
        for (int maxPoints : new int[] {10, 11, 100, 2000, 3000, 10_000}) {
            for (Instant start : new Instant[] {null, from}) {
                SeriesRepository.PointRange inJava = repository.points(channel, start, null, maxPoints, 100_000)
                        .await().indefinitely();
                SeriesRepository.PointRange inSql = repository.points(channel, start, null, maxPoints, 0)
                        .await().indefinitely();
                assertThat(inJava.total()).isEqualTo(inSql.total()).isEqualTo(start == null ? n : n - 13);
                assertThat(inJava.firstTime()).isEqualTo(inSql.firstTime());
                assertThat(inJava.lastTime()).isEqualTo(inSql.lastTime());
                assertThat(inJava.points().index()).as("maxPoints %d", maxPoints)
                        .isEqualTo(inSql.points().index());
                assertThat(inJava.points().time()).isEqualTo(inSql.points().time());
                assertThat(inJava.points().value()).isEqualTo(inSql.points().value());
                assertThat(inJava.points().score()).isEqualTo(inSql.points().score());
                assertThat(inJava.points().size()).isLessThanOrEqualTo(maxPoints);
            }
        }
    }

    @Test
    void seriesOfAnUnknownChannelIsANotFoundProblem() {
        asViewer().get("/channels/{id}/series", StoreTestSupport.uniqueChannel("NONE")).then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", containsString("no points and no anomaly events"));
    }

    @Test
    void seriesCarriesTheEventsAndTheLabelsOfItsRange() {
        String channel = StoreTestSupport.uniqueChannel("E");
        double[] values = new double[100];
        float[] scores = new float[100];
        StoreTestSupport.insertPoints(channel, "SMAP", "test", 0, T0, MINUTE, values, scores);
        AnomalyEvent inside = event("SMAP", channel, "range", 10, 20, EventState.CLOSED, 1, 3.0);
        AnomalyEvent outside = event("SMAP", channel, "range", 200, 210, EventState.CLOSED, 2, 3.0);
        StoreTestSupport.sendAndAwait(inside, outside);
        StoreTestSupport.asOperator().contentType("text/csv")
                .body("chan_id,spacecraft,anomaly_sequences,class,num_values\n"
                        + channel + ",SMAP,\"[[15, 30], [150, 160]]\",\"[point, contextual]\",100\n")
                .post("/labels?source=series-test").then().statusCode(200);

        asViewer().queryParam("to", T0.plus(MINUTE.multipliedBy(99)).toString())
                .get("/channels/{id}/series", channel).then().statusCode(200)
                .body("events.id", contains(inside.id()))
                .body("events[0].verdict", nullValue())
                .body("labels.startIndex", contains(15, 150))
                .body("labels[0].source", equalTo("series-test"))
                .body("labels[0].split", equalTo("test"))
                .body("labels[0].labelClass", equalTo("point"))
                .body("labels[0].startTime", equalTo(T0.plus(MINUTE.multipliedBy(15)).toString()))
                .body("labels[0].endTime", equalTo(T0.plus(MINUTE.multipliedBy(30)).toString()))
                .body("labels[1].startTime", nullValue());
    }

    @ParameterizedTest(name = "{0}={1} is a 400 problem")
    @CsvSource({"maxPoints, 9", "maxPoints, 10001", "maxPoints, many", "from, yesterday", "to, 2018-13-01T00:00:00Z"})
    void invalidSeriesParameterIsABadRequestProblem(String parameter, String value) {
        asViewer().queryParam(parameter, value).get("/channels/{id}/series", "P-1").then().statusCode(400)
                .contentType("application/problem+json")
                .body("parameter", equalTo(parameter));
    }

    @Test
    void invalidChannelNameAndSpacecraftAreBadRequestProblems() {
        asViewer().get("/channels/{id}/series", "-bad").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("id"));
        asViewer().queryParam("spacecraft", "a b").get("/channels").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("spacecraft"));
        asViewer().queryParam("from", "2018-05-02T00:00:00Z").queryParam("to", "2018-05-01T00:00:00Z")
                .get("/channels/{id}/series", "P-1").then().statusCode(400)
                .body("parameter", equalTo("from"));
        // parses as an instant, but PostgreSQL and the platform store years 1900 to 9999 only
        asViewer().queryParam("from", "+100000-01-01T00:00:00Z").get("/channels/{id}/series", "P-1").then()
                .statusCode(400).contentType("application/problem+json").body("parameter", equalTo("from"));
        asViewer().queryParam("to", "1800-01-01T00:00:00Z").get("/anomalies").then()
                .statusCode(400).contentType("application/problem+json").body("parameter", equalTo("to"));
    }

    @Test
    void channelsNeedAToken() {
        io.restassured.RestAssured.given().get("/channels").then().statusCode(401)
                .contentType("application/problem+json");
        io.restassured.RestAssured.given().auth().oauth2(JwtTestResource.token()).get("/channels").then()
                .statusCode(403);
    }
}

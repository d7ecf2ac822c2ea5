package space.telemetry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static space.telemetry.store.StoreTestSupport.deadLetters;
import static space.telemetry.store.StoreTestSupport.header;
import static space.telemetry.store.StoreTestSupport.uniqueChannel;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import space.telemetry.contract.ScoreBatch;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryJson;
import space.telemetry.contract.Topics;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBrokerTestResource;
import space.telemetry.localinfra.PostgresTestResource;
import space.telemetry.store.service.PointRetention;

@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = StoreTestSupport.DATABASE))
@WithTestResource(JwtTestResource.class)
class ScoreIngestionTest {
    private static final Duration STORED_WITHIN = Duration.ofSeconds(30);
    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final long DAY = 24 * 60 * MINUTE;

    PointRetention retention;
    MeterRegistry registry;

    ScoreIngestionTest(PointRetention retention, MeterRegistry registry) {
        this.retention = retention;
        this.registry = registry;
    }

    @AfterEach
    void bringTableBack() {
        StoreTestSupport.database().execute("ALTER TABLE IF EXISTS points_offline RENAME TO points");
        StoreTestSupport.database().execute("ALTER TABLE points DROP CONSTRAINT IF EXISTS points_test_refused");
    }

    @Test
    void aDatabaseOutageIsRetriedUntilThePointsAreStoredAndNothingIsDeadLettered() {
        String channel = uniqueChannel("O");
        double retriesBefore = registry.counter("anomaly.store.points.retries").count();
        StoreTestSupport.database().execute("ALTER TABLE points RENAME TO points_offline");

        send(batch(channel, Split.TEST, 0, 20, T0));
        await().atMost(STORED_WITHIN).until(() -> registry.counter("anomaly.store.points.retries").count()
                >= retriesBefore + 3);
        assertThat(deadLetters(channel)).isEmpty();

        StoreTestSupport.database().execute("ALTER TABLE points_offline RENAME TO points");
        await().atMost(STORED_WITHIN).until(() -> count(channel) == 20);
        assertThat(deadLetters(channel)).isEmpty();
    }

    @Test
    void aRecordTheDatabaseRefusesIsDeadLetteredAndTheOthersOfItsBatchAreStored() {
        String refused = uniqueChannel("X");
        String accepted = uniqueChannel("Y");
        StoreTestSupport.database().execute("ALTER TABLE points ADD CONSTRAINT points_test_refused "
                + "CHECK (channel <> '" + refused + "')");

        send(batch(refused, Split.TEST, 0, 5, T0), batch(accepted, Split.TEST, 0, 5, T0));

        await().atMost(STORED_WITHIN).until(() -> count(accepted) == 5);
        await().atMost(STORED_WITHIN).until(() -> deadLetters(refused).size() == 1);
        assertThat(header(deadLetters(refused).get(0), Topics.DLQ_REASON))
                .startsWith("rejected by the database: ").contains("points_test_refused");
        assertThat(count(refused)).isZero();
    }

    @Test
    void everyPointOfARecordIsStoredWithItsScoreAndTheChannelRowHoldsTheLatest() {
        String channel = uniqueChannel("P");
        ScoreBatch train = batch(channel, Split.TRAIN, 0, 300, T0);
        ScoreBatch test = batch(channel, Split.TEST, 0, 200, T0 + 300 * MINUTE);

        send(train, test);

        await().atMost(STORED_WITHIN).until(() -> count(channel) == 500);
        assertThat(rows("SELECT split, idx, (extract(epoch FROM time) * 1000)::bigint, value, score, threshold "
                + "FROM points WHERE channel = ? AND split = 'test' AND idx = 150", channel))
                .containsExactly("test 150 " + (T0 + 450 * MINUTE) + " " + value(150) + " " + score(150) + " 0.5");
        assertThat(rows("SELECT spacecraft, last_split, last_index, (extract(epoch FROM last_time) * 1000)::bigint,"
                + " last_value, last_score, threshold FROM channels WHERE channel = ?", channel))
                .containsExactly("SMAP test 199 " + (T0 + 499 * MINUTE) + " " + value(199) + " " + score(199)
                        + " 0.5");
    }

    @Test
    void aRedeliveredRecordAddsNothing() {
        String channel = uniqueChannel("R");
        ScoreBatch first = batch(channel, Split.TEST, 0, 100, T0);
        ScoreBatch overlapping = batch(channel, Split.TEST, 50, 100, T0 + 50 * MINUTE);

        double storedBefore = stored();

        send(first, first, overlapping);

        await().atMost(STORED_WITHIN).until(() -> count(channel) >= 150);
        send(batch(channel, Split.TEST, 150, 1, T0 + 150 * MINUTE)); // a marker behind the copies, same partition
        await().atMost(STORED_WITHIN).until(() -> count(channel) >= 151 && stored() >= storedBefore + 151);
        // count(*), not count(DISTINCT idx): the primary key makes the latter 151 whatever the service does
        assertThat(count(channel)).isEqualTo(151);
        assertThat(rows("SELECT min(idx) || ' ' || max(idx) FROM points WHERE channel = ?", channel))
                .containsExactly("0 150");
        // the copies are neither counted as stored again nor refused
        assertThat(stored() - storedBefore).isEqualTo(151);
        assertThat(deadLetters(channel)).isEmpty();
    }

    private double stored() {
        return registry.counter("anomaly.store.points.stored").count();
    }

    @Test
    void aMalformedRecordIsDeadLetteredWithItsReasonAndTheRestOfTheStreamIsStored() {
        String channel = uniqueChannel("M");
        byte[] garbage = "{\"spacecraft\":\"SMAP\",\"channel\":\"x\",\"points\":[[1,2]]}".getBytes(StandardCharsets.UTF_8);
        ScoreBatch outOfRange = new ScoreBatch("SMAP", channel, Split.TEST, 0.5, new long[] {5},
                new long[] {T0}, new double[] {1.0}, new float[] {2.5f});

        sendRaw(channel, garbage);
        sendRaw(channel, TelemetryJson.write(outOfRange));
        send(batch(channel, Split.TEST, 0, 10, T0));

        await().atMost(STORED_WITHIN).until(() -> count(channel) == 10);
        await().atMost(STORED_WITHIN).until(() -> deadLetters(channel).size() == 2);
        List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(channel);
        assertThat(dead.get(0).value()).isEqualTo(garbage);
        assertThat(header(dead.get(0), Topics.DLQ_REASON))
                .isEqualTo("not a valid ScoreBatch: points[0] value must be a number");
        assertThat(header(dead.get(0), Topics.DLQ_TOPIC)).isEqualTo(Topics.SCORES);
        assertThat(header(dead.get(0), Topics.DLQ_OFFSET)).matches("\\d+");
        assertThat(header(dead.get(1), Topics.DLQ_REASON)).isEqualTo("points[0] score must be between 0 and 1, got 2.5");
        assertThat(rows("SELECT count(*) FROM points WHERE channel = ? AND idx = 5 AND score > 1", channel))
                .containsExactly("0");
    }

    @Test
    void theChannelRowOnlyMovesForwardInTime() {
        String channel = uniqueChannel("F");
        send(batch(channel, Split.TEST, 100, 10, T0 + 100 * MINUTE), batch(channel, Split.TEST, 0, 10, T0),
                batch(channel, Split.TRAIN, 0, 10, T0 - 500 * MINUTE));

        await().atMost(STORED_WITHIN).until(() -> count(channel) == 30);
        assertThat(rows("SELECT last_split, last_index FROM channels WHERE channel = ?", channel))
                .containsExactly("test 109");
        send(batch(channel, Split.TEST, 110, 1, T0 + 110 * MINUTE));
        await().atMost(STORED_WITHIN).until(() -> count(channel) == 31);
        assertThat(rows("SELECT last_split, last_index FROM channels WHERE channel = ?", channel))
                .containsExactly("test 110");
    }

    @Test
    void retentionDeletesWhatIsOlderThanTheChannelsLatestPointMinusThirtyDays() {
        String old = uniqueChannel("OLD");
        String recent = uniqueChannel("NEW");
        // a channel of 2019: all of it older than 30 days by the wall clock, none of it by its own latest point
        long y2019 = Instant.parse("2019-06-01T00:00:00Z").toEpochMilli();
        send(daily(recent, 0, 20, y2019));
        // 40 days, one point a day: the first 10 are more than 30 days before the last one (day 39)
        send(daily(old, 0, 40, T0));
        await().atMost(STORED_WITHIN).until(() -> count(old) == 40 && count(recent) == 20);

        int deleted = retention.deleteExpired().await().atMost(STORED_WITHIN);

        assertThat(deleted).isGreaterThanOrEqualTo(9);
        assertThat(count(recent)).isEqualTo(20);
        assertThat(rows("SELECT min(idx) FROM points WHERE channel = ?", old)).containsExactly("9");
        assertThat(count(old)).isEqualTo(31);
    }

    /** {@code n} points a minute apart from {@code from}: value and score derived from the index. */
    private static ScoreBatch batch(String channel, Split split, long from, int n, long startMillis) {
        long[] indices = new long[n];
        long[] times = new long[n];
        double[] values = new double[n];
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            indices[i] = from + i;
            times[i] = startMillis + i * MINUTE;
            values[i] = value(from + i);
            scores[i] = score(from + i);
        }
        return new ScoreBatch("SMAP", channel, split, 0.5, indices, times, values, scores);
    }

    private static ScoreBatch daily(String channel, long from, int n, long startMillis) {
        ScoreBatch batch = batch(channel, Split.TEST, from, n, startMillis);
        for (int i = 0; i < n; i++) {
            batch.times()[i] = startMillis + i * DAY;
        }
        return batch;
    }

    private static double value(long index) {
        return Math.sin(index) * 10;
    }

    private static float score(long index) {
        return (index % 7) / 7f;
    }

    private static long count(String channel) {
        return Long.parseLong(rows("SELECT count(*) FROM points WHERE channel = ?", channel).get(0));
    }

    /** The rows of a query with one text parameter, columns joined by spaces. */
    private static List<String> rows(String sql, String parameter) {
        try (Connection connection = StoreTestSupport.database().connect();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            List<String> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int c = 1; c <= columns; c++) {
                        row.append(c == 1 ? "" : " ").append(result.getString(c));
                    }
                    rows.add(row.toString());
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sendRaw(String key, byte[] value) {
        StoreTestSupport.sendRaw(Topics.SCORES, key, value);
    }

    private static void send(ScoreBatch... batches) {
        for (ScoreBatch batch : batches) {
            sendRaw(batch.channel(), TelemetryJson.write(batch));
        }
    }
}

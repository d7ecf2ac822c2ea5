package space.telemetry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static space.telemetry.store.StoreTestSupport.asViewer;
import static space.telemetry.store.StoreTestSupport.deadLetters;
import static space.telemetry.store.StoreTestSupport.event;
import static space.telemetry.store.StoreTestSupport.header;
import static space.telemetry.store.StoreTestSupport.rowCount;
import static space.telemetry.store.StoreTestSupport.send;
import static space.telemetry.store.StoreTestSupport.sendRaw;
import static space.telemetry.store.StoreTestSupport.uniqueChannel;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.EventState;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryJson;
import space.telemetry.contract.Topics;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBrokerTestResource;
import space.telemetry.localinfra.PostgresTestResource;
import space.telemetry.store.service.IngestionService;

@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = StoreTestSupport.DATABASE))
@WithTestResource(JwtTestResource.class)
class AnomalyIngestionTest {
    @Inject
    MeterRegistry registry;

    @Inject
    IngestionService ingestion;

    private static final Duration STORED_WITHIN = Duration.ofSeconds(30);

    @BeforeEach
    void cleanTable() {
        StoreTestSupport.truncateEvents();
    }

    @AfterEach
    void bringTableBack() {
        StoreTestSupport.database().execute("ALTER TABLE IF EXISTS events_offline RENAME TO events");
    }

    @Test
    void eventSentToTopicIsStoredAndServedById() {
        AnomalyEvent event = event("SMAP", uniqueChannel("P"), "ewma", 100, 120, EventState.OPEN, 3000, 7.5);

        send(event);

        await().atMost(STORED_WITHIN).untilAsserted(() -> asViewer().get("/anomalies/{id}", event.id())
                .then().statusCode(200)
                .body("id", equalTo(event.id()))
                .body("channel", equalTo(event.channel()))
                .body("spacecraft", equalTo("SMAP"))
                .body("detector", equalTo("ewma"))
                .body("split", equalTo("test"))
                .body("startIndex", equalTo(100))
                .body("endIndex", equalTo(120))
                .body("detectedIndex", equalTo(102))
                .body("startTime", equalTo(event.startTime().toString()))
                .body("state", equalTo("open"))
                .body("peakScore", equalTo(7.5f))
                .body("revision", equalTo(3000)));
    }

    @Test
    void startupRehearsalOfTheEventPathStoresAndCountsNothing() {
        double received = registry.get("anomaly.store.events.received").counter().count();
        double upserted = registry.get("anomaly.store.events.upserted").counter().count();

        ingestion.rehearse().await().atMost(STORED_WITHIN);

        assertThat(rowsOfChannel(IngestionService.REHEARSAL_CHANNEL)).isZero();
        assertThat(registry.get("anomaly.store.events.received").counter().count()).isEqualTo(received);
        assertThat(registry.get("anomaly.store.events.upserted").counter().count()).isEqualTo(upserted);
    }

    @Test
    void storedEventRecordsTheLatencyFromThePointThatRaisedIt() {
        Timer latency = registry.get("anomaly.store.event.latency").timer();
        long before = latency.count();
        AnomalyEvent event = event("SMAP", uniqueChannel("L"), "ewma", 5, 6, EventState.OPEN, 1, 4.0);
        long producedAt = System.currentTimeMillis() - 2_000;

        sendRaw(Topics.ANOMALIES, event.channel(), TelemetryJson.write(event), List.of(new RecordHeader(
                Topics.POINT_PRODUCED_AT, Long.toString(producedAt).getBytes(StandardCharsets.UTF_8))));

        await().atMost(STORED_WITHIN).until(() -> rowCount(event.id()) == 1);
        await().atMost(STORED_WITHIN).until(() -> latency.count() == before + 1);
        assertThat(latency.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(2_000);
    }

    @Test
    void unreadableLatencyHeaderCostsTheEventNothing() {
        AnomalyEvent event = event("SMAP", uniqueChannel("H"), "ewma", 5, 6, EventState.OPEN, 1, 4.0);

        sendRaw(Topics.ANOMALIES, event.channel(), TelemetryJson.write(event), List.of(new RecordHeader(
                Topics.POINT_PRODUCED_AT, "yesterday".getBytes(StandardCharsets.UTF_8))));

        await().atMost(STORED_WITHIN).until(() -> rowCount(event.id()) == 1);
        assertThat(deadLetters(event.channel())).isEmpty();
    }

    @Test
    void sameEventSentTwiceYieldsOneRow() {
        String channel = uniqueChannel("D");
        AnomalyEvent event = event("SMAP", channel, "ewma", 10, 15, EventState.CLOSED, 500, 4.0);
        AnomalyEvent marker = event("SMAP", channel, "ewma", 40, 41, EventState.OPEN, 600, 4.0);

        send(event, event, marker);

        // same key, same partition: once the marker is stored, both copies have been processed
        await().atMost(STORED_WITHIN).until(() -> rowCount(marker.id()) == 1);
        assertThat(rowCount(event.id())).isEqualTo(1);
        assertThat(rowCount()).isEqualTo(2);
    }

    @Test
    void closedVersionIsNotOverwrittenByLaterArrivingOlderOpenVersion() {
        String channel = uniqueChannel("E");
        AnomalyEvent closed = event("SMAP", channel, "ewma", 10, 25, EventState.CLOSED, 900, 9.0);
        AnomalyEvent olderOpen = event("SMAP", channel, "ewma", 10, 12, EventState.OPEN, 850, 5.0);
        AnomalyEvent marker = event("SMAP", channel, "ewma", 60, 61, EventState.OPEN, 1000, 4.0);

        send(closed, olderOpen, marker);

        await().atMost(STORED_WITHIN).until(() -> rowCount(marker.id()) == 1);
        asViewer().get("/anomalies/{id}", closed.id()).then().statusCode(200)
                .body("state", equalTo("closed"))
                .body("endIndex", equalTo(25))
                .body("revision", equalTo(900))
                .body("peakScore", equalTo(9.0f));
    }

    @Test
    void malformedRecordLandsInDeadLetterTopicAndFollowingValidEventIsStored() {
        String channel = uniqueChannel("M");
        byte[] garbage = "{\"id\": 42, this is not json".getBytes(StandardCharsets.UTF_8);
        AnomalyEvent valid = event("MSL", channel, "ewma", 5, 9, EventState.OPEN, 70, 3.5);

        sendRaw(channel, garbage);
        send(valid);

        await().atMost(STORED_WITHIN).until(() -> rowCount(valid.id()) == 1);
        await().atMost(STORED_WITHIN).until(() -> !deadLetters(channel).isEmpty());
        ConsumerRecord<byte[], byte[]> dead = deadLetters(channel).get(0);
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(header(dead, Topics.DLQ_REASON)).startsWith("not a valid AnomalyEvent");
        assertThat(header(dead, Topics.DLQ_TOPIC)).isEqualTo(Topics.ANOMALIES);
        assertThat(header(dead, Topics.DLQ_PARTITION)).isNotNull();
        assertThat(header(dead, Topics.DLQ_OFFSET)).isNotNull();
    }

    @Test
    void invalidEventIsDeadLetteredWithTheValidationReason() {
        String channel = uniqueChannel("V");
        AnomalyEvent noUuid = new AnomalyEvent("not-a-uuid", "SMAP", channel, "ewma",
                space.telemetry.contract.Split.TEST, 1, 2, 2, StoreTestSupport.T0, StoreTestSupport.T0,
                StoreTestSupport.T0, 1, 1, EventState.OPEN, 1);

        send(noUuid);

        await().atMost(STORED_WITHIN).until(() -> !deadLetters(channel).isEmpty());
        assertThat(header(deadLetters(channel).get(0), Topics.DLQ_REASON))
                .isEqualTo("id must be a canonical UUID, got 'not-a-uuid'");
    }

    @Test
    void eventTheDatabaseCannotHoldIsDeadLetteredInsteadOfRetried() {
        // every field passes the record's bounds, but the table refuses this detector name (SQLSTATE 23514)
        String channel = uniqueChannel("N");
        StoreTestSupport.database().execute("ALTER TABLE events ADD CONSTRAINT test_refused "
                + "CHECK (detector <> 'refused-by-db') NOT VALID");
        try {
            AnomalyEvent event = event("SMAP", channel, "refused-by-db", 3, 4, EventState.OPEN, 10, 2.0);
            AnomalyEvent next = event("SMAP", channel, "ewma", 3, 4, EventState.OPEN, 10, 2.0);

            send(event, next);

            await().atMost(STORED_WITHIN).until(() -> rowCount(next.id()) == 1);
            await().atMost(STORED_WITHIN).until(() -> !deadLetters(channel).isEmpty());
            assertThat(header(deadLetters(channel).get(0), Topics.DLQ_REASON)).startsWith("rejected by the database: ");
            assertThat(rowCount(event.id())).isZero();
        } finally {
            StoreTestSupport.database().execute("ALTER TABLE events DROP CONSTRAINT test_refused");
        }
    }

    @Test
    void databaseOutageIsRetriedAndNeverDeadLettered() throws InterruptedException {
        String channel = uniqueChannel("O");
        AnomalyEvent event = event("SMAP", channel, "ewma", 30, 35, EventState.OPEN, 400, 6.0);
        StoreTestSupport.database().execute("ALTER TABLE events RENAME TO events_offline");

        send(event);
        Thread.sleep(3000); // several failed attempts
        assertThat(deadLetters(channel)).isEmpty();

        StoreTestSupport.database().execute("ALTER TABLE events_offline RENAME TO events");
        await().atMost(STORED_WITHIN).until(() -> rowCount(event.id()) == 1);
        assertThat(deadLetters(channel)).isEmpty();
    }

    @Test
    void eventsWhoseTimesTheTableCannotHoldAreDeadLetteredBeforeTheWriteAndThePartitionKeepsFlowing() {
        String channel = uniqueChannel("T");
        Instant end = StoreTestSupport.T0;
        List<AnomalyEvent> unstorable = List.of(
                withTimes(channel, 1, Instant.parse("-1000000000-01-01T00:00:00Z"), end),
                withTimes(channel, 2, Instant.parse("+1000000000-01-01T00:00:00Z"), Instant.MAX),
                withTimes(channel, 3, Instant.parse("-5000-01-01T00:00:00Z"), end),
                withTimes(channel, 4, Instant.parse("+300000-01-01T00:00:00Z"), Instant.parse("+300001-01-01T00:00:00Z")),
                withTimes(channel, 5, end.plusSeconds(3600), end));
        AnomalyEvent valid = event("SMAP", channel, "ewma", 6, 7, EventState.OPEN, 60, 2.0);

        send(unstorable.toArray(AnomalyEvent[]::new));
        send(valid);

        await().atMost(STORED_WITHIN).until(() -> rowCount(valid.id()) == 1);
        await().atMost(STORED_WITHIN).until(() -> deadLetters(channel).size() == unstorable.size());
        List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(channel);
        assertThat(dead).extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
                .containsExactlyElementsOf(unstorable.stream()
                        .map(event -> new String(TelemetryJson.write(event), StandardCharsets.UTF_8)).toList());
        assertThat(dead).extracting(record -> header(record, Topics.DLQ_REASON))
                .allSatisfy(reason -> assertThat(reason).isNotBlank().doesNotStartWith("rejected by the database"));
        assertThat(unstorable).allSatisfy(event -> assertThat(rowCount(event.id())).isZero());
    }

    @Test
    void tableRefusesARowThatEndsBeforeItStarts() {
        assertThatThrownBy(() -> insertRow("2018-05-01 01:00Z", "2018-05-01 00:00Z", "2018-05-01 01:00Z"))
                .hasMessageContaining("events_start_before_end");
    }

    @Test
    void tableRefusesAnInfiniteTime() {
        assertThatThrownBy(() -> insertRow("2018-05-01 00:00Z", "2018-05-01 01:00Z", "infinity"))
                .hasMessageContaining("events_finite_times");
    }

    /** An event of channel {@code channel} starting at index {@code startIndex} with the given start and end time. */
    private static AnomalyEvent withTimes(String channel, long startIndex, Instant start, Instant end) {
        return new AnomalyEvent(AnomalyEvent.idFor(channel, "ewma", Split.TEST, startIndex), "SMAP", channel, "ewma",
                Split.TEST, startIndex, startIndex + 1, startIndex + 1, start, end, StoreTestSupport.T0, 5.0, 3.0,
                EventState.OPEN, startIndex);
    }

    private static void insertRow(String start, String end, String detected) {
        StoreTestSupport.database().execute("""
                INSERT INTO events (id, spacecraft, channel, detector, split, start_index, end_index, detected_index,
                                    start_time, end_time, detected_time, peak_score, threshold, state, revision)
                VALUES (gen_random_uuid(), 'SMAP', 'C-1', 'ewma', 'test', 1, 2, 2, '%s', '%s', '%s', 5, 3, 'open', 1)
                """.formatted(start, end, detected));
    }

    private static long rowsOfChannel(String channel) {
        try (Connection connection = StoreTestSupport.database().connect();
                PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM events WHERE channel = ?")) {
            query.setString(1, channel);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

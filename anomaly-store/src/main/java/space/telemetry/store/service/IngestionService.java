package space.telemetry.store.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jboss.logging.Logger;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.EventState;
import space.telemetry.contract.InvalidRecordException;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryJson;
import space.telemetry.http.health.ProgressWatchdog;
import space.telemetry.http.metrics.Histograms;
import space.telemetry.store.config.StoreConfig;
import space.telemetry.store.repository.EventColumns;
import space.telemetry.store.repository.EventEntity;
import space.telemetry.store.repository.EventRepository;

/**
 * Stores telemetry.anomalies records: invalid ones, and ones the database refuses as data ({@link DataErrors}), fail
 * with {@link InvalidRecordException} (dead-lettered), while any other failure is retried with back-off until the row
 * is stored; finished records are reported to a {@link ProgressWatchdog}, stored rows to {@link LiveUpdates}.
 */
@ApplicationScoped
public class IngestionService {
    private static final Logger LOG = Logger.getLogger(IngestionService.class);
    /** The channel of the made-up event of {@link #rehearse}. */
    public static final String REHEARSAL_CHANNEL = "warm-up";
    private static final Predicate<Throwable> MAY_GO_AWAY = Predicate.not(DataErrors::isDataError);

    private final EventRepository repository;
    private final LiveUpdates live;
    private final StoreConfig config;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final Counter received;
    private final Counter upserted;
    private final Counter stale;
    private final Counter rejected;
    private final Counter retried;
    private final Timer upsertTimer;
    private final Timer eventLatency;
    private final ProgressWatchdog watchdog;
    private final AtomicInteger inFlight = new AtomicInteger();

    public IngestionService(EventRepository repository, StoreConfig config, Vertx vertx, MeterRegistry registry,
            LiveUpdates live) {
        this.repository = repository;
        this.live = live;
        this.config = config;
        this.vertx = vertx;
        this.registry = registry;
        this.received = Counter.builder("anomaly.store.events.received")
                .description("Records read from telemetry.anomalies").register(registry);
        this.upserted = Counter.builder("anomaly.store.events.upserted")
                .description("Events inserted or updated in the events table").register(registry);
        this.stale = Counter.builder("anomaly.store.events.stale")
                .description("Events ignored because a newer revision is already stored").register(registry);
        this.rejected = Counter.builder("anomaly.store.events.rejected")
                .description("Records sent to the dead-letter topic").register(registry);
        this.retried = Counter.builder("anomaly.store.upsert.retries")
                .description("Failed attempts to store an event that were retried").register(registry);
        this.upsertTimer = Timer.builder("anomaly.store.upsert")
                .description("Duration of one successful upsert, with the read-back of the stored row").register(registry);
        this.eventLatency = Histograms.timer(registry, "anomaly.store.event.latency",
                "From the produce time of the point that raised an event to its open row committed",
                Duration.ofMinutes(30));
        this.watchdog = new ProgressWatchdog(config.health().stallAfter(), Clock.systemUTC());
    }

    /**
     * Decodes, validates and stores one record value, raised by the point produced at {@code pointProducedAt} (epoch
     * milliseconds, negative when unknown). The returned Uni completes once the row is stored (or a newer version was
     * found), and fails only for a record that can never be stored, with the reason as message.
     */
    public Uni<Void> store(byte[] value, long pointProducedAt) {
        return Uni.createFrom().deferred(() -> validateAndStore(value, pointProducedAt))
                .onSubscription().invoke(inFlight::incrementAndGet)
                .onTermination().invoke(() -> {
                    inFlight.decrementAndGet();
                    watchdog.progressed();
                });
    }

    /**
     * Whether ingestion is stalled, given the records still waiting on the broker: those plus the record being
     * stored (at most one: records are stored one at a time) are the lag.
     */
    public ProgressWatchdog.Status progress(long unfetched) {
        return watchdog.check(unfetched + inFlight.get());
    }

    private Uni<Void> validateAndStore(byte[] value, long pointProducedAt) {
        received.increment();
        AnomalyEvent event;
        UUID id;
        try {
            event = TelemetryJson.readEvent(value);
            id = parseId(event.id());
            EventColumns.requireFits(event);
        } catch (InvalidRecordException e) {
            return reject(e);
        }
        // the alarm's latency (its open version), not that of its later revisions
        long alarmProducedAt = event.state() == EventState.OPEN ? pointProducedAt : -1;
        return Uni.createFrom().deferred(() -> timedUpsert(id, event))
                // every attempt starts on the same Vert.x context, which Hibernate Reactive requires
                .runSubscriptionOn(onDuplicatedContext())
                .onFailure(MAY_GO_AWAY).invoke(failure -> {
                    retried.increment();
                    watchdog.failed(rootMessage(failure));
                    LOG.warnf("Storing event %s failed, retrying with back-off: %s", id, rootMessage(failure));
                })
                .onFailure(MAY_GO_AWAY).retry()
                .withBackOff(config.retry().initialBackoff(), config.retry().maxBackoff()).indefinitely()
                .onItem().invoke(row -> stored(row, alarmProducedAt))
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> reject(
                        new InvalidRecordException("rejected by the database: " + rootMessage(failure), failure)));
    }

    /**
     * Takes a made-up event through this path as a record would go (decoding, checks, the Vert.x context, the upsert
     * and read-back) in a transaction that is rolled back: nothing is stored, counted or published. For startup.
     */
    public Uni<Void> rehearse() {
        Instant start = Instant.parse("2000-01-01T00:00:00Z");
        AnomalyEvent sample = new AnomalyEvent(UUID.randomUUID().toString(), "SMAP", REHEARSAL_CHANNEL, "warm-up",
                Split.TEST, 0, 1, 0, start, start.plusSeconds(1), start, 1.0, 1.0, EventState.OPEN, 0);
        return Uni.createFrom().deferred(() -> {
            AnomalyEvent event = TelemetryJson.readEvent(TelemetryJson.write(sample));
            EventColumns.requireFits(event);
            // a random (version 4) id: never that of a real event, whose ids are name-based (version 3)
            return repository.rehearseUpsert(parseId(event.id()), event);
        }).runSubscriptionOn(onDuplicatedContext());
    }

    private Executor onDuplicatedContext() {
        Context context = VertxContext.getOrCreateDuplicatedContext(vertx);
        return task -> context.runOnContext(ignored -> task.run());
    }

    private Uni<EventEntity> timedUpsert(UUID id, AnomalyEvent event) {
        Timer.Sample sample = Timer.start(registry);
        return repository.upsertAndRead(id, event).invoke(() -> sample.stop(upsertTimer));
    }

    /** Counts the outcome and publishes a written row to the live stream (after its transaction committed). */
    private void stored(EventEntity row, long alarmProducedAt) {
        if (row == null) {
            stale.increment();
            return;
        }
        upserted.increment();
        if (alarmProducedAt >= 0) {
            eventLatency.record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - alarmProducedAt)));
        }
        live.anomaly(StoredAnomaly.of(row));
    }

    private Uni<Void> reject(InvalidRecordException reason) {
        rejected.increment();
        LOG.warnf("Rejecting record to the dead-letter topic: %s", reason.getMessage());
        return Uni.createFrom().failure(reason);
    }

    /** The event's id, already checked to be a canonical UUID by {@link TelemetryJson#readEvent}. */
    private static UUID parseId(String id) {
        return UUID.fromString(id);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}

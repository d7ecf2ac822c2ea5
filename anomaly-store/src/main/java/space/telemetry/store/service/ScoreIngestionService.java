package space.telemetry.store.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import space.telemetry.contract.InvalidRecordException;
import space.telemetry.contract.ScoreBatch;
import space.telemetry.contract.TelemetryJson;
import space.telemetry.contract.Topics;
import space.telemetry.http.health.ProgressWatchdog;
import space.telemetry.http.metrics.Histograms;
import space.telemetry.store.config.StoreConfig;
import space.telemetry.store.repository.PointRepository;
import space.telemetry.store.repository.ScoreRows;

/**
 * Stores batches of telemetry.scores records as rows of {@code points}: the valid records in one statement, the
 * malformed ones (and any the database refuses as data) to telemetry.dlq with their reason; an unavailable database
 * is retried with back-off until the rows are stored, so a batch is never skipped.
 */
@ApplicationScoped
public class ScoreIngestionService {
    /** Outgoing channel to telemetry.dlq (see application.properties). */
    public static final String DEAD_LETTERS = "scores-dlq";
    private static final Logger LOG = Logger.getLogger(ScoreIngestionService.class);
    private static final Predicate<Throwable> MAY_GO_AWAY = Predicate.not(DataErrors::isDataError);

    private final PointRepository repository;
    private final StoreConfig config;
    private final MutinyEmitter<byte[]> deadLetters;
    private final MeterRegistry registry;
    private final Counter received;
    private final Counter stored;
    private final Counter rejected;
    private final Counter retried;
    private final Timer insertTimer;
    private final ProgressWatchdog watchdog;
    /** Records of the batch being stored (batches are stored one at a time). */
    private final AtomicLong inFlight = new AtomicLong();

    private record Rejected(ConsumerRecord<byte[], byte[]> record, String reason) {
    }

    public ScoreIngestionService(PointRepository repository, StoreConfig config, MeterRegistry registry,
            @Channel(DEAD_LETTERS) MutinyEmitter<byte[]> deadLetters) {
        this.repository = repository;
        this.config = config;
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.received = Counter.builder("anomaly.store.scores.received")
                .description("Records read from telemetry.scores").register(registry);
        this.stored = Counter.builder("anomaly.store.points.stored")
                .description("Points inserted into the points table (re-delivered ones not counted)")
                .register(registry);
        this.rejected = Counter.builder("anomaly.store.scores.rejected")
                .description("telemetry.scores records sent to the dead-letter topic").register(registry);
        this.retried = Counter.builder("anomaly.store.points.retries")
                .description("Failed attempts to store a batch of points that were retried").register(registry);
        this.insertTimer = Histograms.timer(registry, "anomaly.store.points.insert",
                "Duration of one successful batch insert of points (one transaction)", Duration.ofMinutes(1));
        this.watchdog = new ProgressWatchdog(config.health().stallAfter(), Clock.systemUTC());
    }

    /** Whether storing points is stalled, given the records still waiting on the broker. */
    public ProgressWatchdog.Status progress(long unfetched) {
        return watchdog.check(unfetched + inFlight.get());
    }

    /**
     * Stores a batch of records. The returned Uni completes once every valid point is stored and every rejected
     * record is on the dead-letter topic; it does not fail while the database is unavailable, it waits.
     */
    public Uni<Void> store(Iterable<ConsumerRecord<byte[], byte[]>> records) {
        List<ScoreBatch> batches = new ArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> sources = new ArrayList<>();
        List<Rejected> refused = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            received.increment();
            try {
                String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                batches.add(TelemetryJson.readScores(key, record.value()));
                sources.add(record);
            } catch (InvalidRecordException e) {
                refused.add(new Rejected(record, e.getMessage()));
            }
        }
        long count = batches.size() + refused.size();
        return storeAll(batches, sources, refused).chain(() -> deadLetter(refused))
                .onSubscription().invoke(() -> inFlight.addAndGet(count))
                .onTermination().invoke(() -> {
                    inFlight.addAndGet(-count);
                    watchdog.progressed();
                });
    }

    /** Stores the batches in one transaction; when the database refuses them as data, one by one. */
    private Uni<Void> storeAll(List<ScoreBatch> batches, List<ConsumerRecord<byte[], byte[]>> sources,
            List<Rejected> refused) {
        if (batches.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> timedStore(new ScoreRows(batches)))
                .onFailure(MAY_GO_AWAY).invoke(failure -> {
                    retried.increment();
                    watchdog.failed(rootMessage(failure));
                    LOG.warnf("Storing %d score records failed, retrying with back-off: %s", batches.size(),
                            rootMessage(failure));
                })
                .onFailure(MAY_GO_AWAY).retry()
                .withBackOff(config.retry().initialBackoff(), config.retry().maxBackoff()).indefinitely()
                .invoke((Integer inserted) -> stored.increment(inserted))
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    if (batches.size() == 1) {
                        refused.add(new Rejected(sources.get(0), "rejected by the database: " + rootMessage(failure)));
                        return Uni.createFrom().voidItem();
                    }
                    LOG.warnf("The database refused a batch of %d score records (%s); storing them one by one",
                            batches.size(), rootMessage(failure));
                    return Multi.createFrom().range(0, batches.size())
                            .onItem().transformToUniAndConcatenate(i -> storeAll(List.of(batches.get(i)),
                                    List.of(sources.get(i)), refused))
                            .collect().last().replaceWithVoid();
                });
    }

    private Uni<Integer> timedStore(ScoreRows rows) {
        Timer.Sample sample = Timer.start(registry);
        return repository.store(rows).invoke(() -> sample.stop(insertTimer));
    }

    private Uni<Void> deadLetter(List<Rejected> refused) {
        return Multi.createFrom().iterable(refused)
                .onItem().transformToUniAndConcatenate(this::deadLetter)
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> deadLetter(Rejected refused) {
        rejected.increment();
        ConsumerRecord<byte[], byte[]> source = refused.record();
        LOG.warnf("Rejecting telemetry.scores record %s-%d@%d to the dead-letter topic: %s", source.topic(),
                source.partition(), source.offset(), refused.reason());
        RecordHeaders headers = new RecordHeaders(source.headers().toArray());
        headers.add(Topics.DLQ_REASON, bytes(refused.reason()));
        headers.add(Topics.DLQ_TOPIC, bytes(source.topic()));
        headers.add(Topics.DLQ_PARTITION, bytes(Integer.toString(source.partition())));
        headers.add(Topics.DLQ_OFFSET, bytes(Long.toString(source.offset())));
        Message<byte[]> message = Message.of(source.value()).addMetadata(OutgoingKafkaRecordMetadata.<byte[]>builder()
                .withKey(source.key()).withHeaders(headers).build());
        return Uni.createFrom().deferred(() -> deadLetters.sendMessage(message))
                .onFailure().invoke(failure -> LOG.warnf("Dead-lettering failed, retrying: %s", rootMessage(failure)))
                .onFailure().retry()
                .withBackOff(config.retry().initialBackoff(), config.retry().maxBackoff()).indefinitely();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}

package space.telemetry.store.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;
import space.telemetry.contract.Topics;
import space.telemetry.http.health.ProgressWatchdog;
import space.telemetry.store.config.StoreConfig;
import space.telemetry.store.messaging.AnomalyConsumer;
import space.telemetry.store.service.IngestionService;

/**
 * Readiness of the telemetry.anomalies consumer: DOWN while records wait and none has been finished for
 * {@code anomaly-store.health.stall-after}, with gauges and a warning a minute while so.
 *
 * <p>Every {@code progress-interval} the records not yet fetched are read on the consumer's polling thread (end offset
 * minus position, per assigned partition), and added to the record being stored. Committed offsets would not do: on a
 * transactionally written topic the last offset is a commit marker that is never acknowledged, so end minus committed
 * stays at 1 when all is done; positions alone would miss a record fetched and retried for ever.
 */
@Readiness
@ApplicationScoped
public class ConsumerProgressCheck implements HealthCheck {
    static final String NAME = "telemetry.anomalies consumer";
    private static final Logger LOG = Logger.getLogger(ConsumerProgressCheck.class);
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);

    private final IngestionService ingestion;
    private final KafkaClientService kafka;
    private final StoreConfig config;
    private volatile ProgressWatchdog.Status status;
    // written by the refresh loop only, one refresh at a time
    private long lastUnfetched;
    private Instant lastWarning;
    private Cancellable refreshing;

    public ConsumerProgressCheck(IngestionService ingestion, KafkaClientService kafka, StoreConfig config,
            MeterRegistry registry) {
        this.ingestion = ingestion;
        this.kafka = kafka;
        this.config = config;
        this.status = ingestion.progress(0);
        Gauge.builder("anomaly.store.consumer.stalled", this, check -> check.status.stalled() ? 1 : 0)
                .description("1 while records wait and none has been stored for stall-after (readiness DOWN)")
                .register(registry);
        Gauge.builder("anomaly.store.consumer.stall", this,
                check -> check.status.stalled() ? check.status.waiting().toMillis() / 1000.0 : 0)
                .baseUnit("seconds")
                .description("How long the consumer has been stalled, 0 when it is not")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        refreshing = Multi.createFrom().ticks().every(config.health().progressInterval())
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> unfetched())
                .subscribe().with(this::update);
    }

    @PreDestroy
    void stop() {
        if (refreshing != null) {
            refreshing.cancel();
        }
    }

    @Override
    public HealthCheckResponse call() {
        ProgressWatchdog.Status current = status;
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(!current.stalled())
                .withData("lag", current.lag());
        if (current.stalled()) {
            response.withData("reason", "stalled: " + current.describe());
        }
        return response.build();
    }

    /** Records on the assigned partitions not fetched yet; the last known count when the consumer does not answer. */
    private Uni<Long> unfetched() {
        KafkaConsumer<byte[], byte[]> consumer = kafka.getConsumer(AnomalyConsumer.CHANNEL);
        if (consumer == null) {
            return Uni.createFrom().item(0L);
        }
        Duration timeout = config.health().kafkaTimeout();
        return consumer.runOnPollingThread((Consumer<byte[], byte[]> client) -> {
            long count = 0;
            for (Map.Entry<TopicPartition, Long> end : client.endOffsets(client.assignment(), timeout).entrySet()) {
                count += Math.max(0, end.getValue() - client.position(end.getKey(), timeout));
            }
            return count;
        })
                .ifNoItem().after(timeout.multipliedBy(2)).fail()
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("Cannot read the lag of %s: %s", Topics.ANOMALIES, failure);
                    return lastUnfetched;
                });
    }

    private void update(long unfetchedNow) {
        lastUnfetched = unfetchedNow;
        ProgressWatchdog.Status now = ingestion.progress(unfetchedNow);
        status = now;
        if (!now.stalled()) {
            lastWarning = null;
        } else if (lastWarning == null || !Instant.now().isBefore(lastWarning.plus(WARN_EVERY))) {
            lastWarning = Instant.now();
            LOG.warnf("Consumer of %s stalled (readiness DOWN): %s", Topics.ANOMALIES, now.describe());
        }
    }
}

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
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.LongFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.jboss.logging.Logger;
import space.telemetry.http.health.ProgressWatchdog;
import space.telemetry.store.config.StoreConfig;

/**
 * Readiness of one of the store's consumers: DOWN while records wait and none has been finished for
 * {@code anomaly-store.health.stall-after}, with gauges and a warning a minute while so.
 *
 * <p>Every {@code progress-interval} the records not yet fetched are read on the consumer's polling thread (end offset
 * minus position, per assigned partition), and added to the record being stored. Committed offsets would not do: on a
 * transactionally written topic the last offset is a commit marker that is never acknowledged, so end minus committed
 * stays at 1 when all is done; positions alone would miss a record fetched and retried for ever.
 */
public abstract class ConsumerProgressCheck implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(ConsumerProgressCheck.class);
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);

    private final String name;
    private final String channel;
    private final String topic;
    private final LongFunction<ProgressWatchdog.Status> progress;
    private final KafkaClientService kafka;
    private final StoreConfig config;
    private volatile ProgressWatchdog.Status status;
    // written by the refresh loop only, one refresh at a time
    private long lastUnfetched;
    private Instant lastWarning;
    private Cancellable refreshing;

    /**
     * @param channel     the consumer's incoming channel
     * @param progress    the ingestion's status given the records not fetched yet
     * @param gaugePrefix name of the gauges {@code <prefix>.stalled} and {@code <prefix>.stall}
     */
    protected ConsumerProgressCheck(String channel, String topic, LongFunction<ProgressWatchdog.Status> progress,
            String gaugePrefix, KafkaClientService kafka, StoreConfig config, MeterRegistry registry) {
        this.name = topic + " consumer";
        this.channel = channel;
        this.topic = topic;
        this.progress = progress;
        this.kafka = kafka;
        this.config = config;
        this.status = progress.apply(0);
        Gauge.builder(gaugePrefix + ".stalled", this, check -> check.status.stalled() ? 1 : 0)
                .description("1 while " + topic + " records wait and none has been stored for stall-after (readiness "
                        + "DOWN)")
                .register(registry);
        Gauge.builder(gaugePrefix + ".stall", this,
                check -> check.status.stalled() ? check.status.waiting().toMillis() / 1000.0 : 0)
                .baseUnit("seconds")
                .description("How long the " + topic + " consumer has been stalled, 0 when it is not")
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
        HealthCheckResponseBuilder response = HealthCheckResponse.named(name).status(!current.stalled())
                .withData("lag", current.lag());
        if (current.stalled()) {
            response.withData("reason", "stalled: " + current.describe());
        }
        return response.build();
    }

    /** Records on the assigned partitions not fetched yet; the last known count when the consumer does not answer. */
    private Uni<Long> unfetched() {
        KafkaConsumer<byte[], byte[]> consumer = kafka.getConsumer(channel);
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
                    LOG.debugf("Cannot read the lag of %s: %s", topic, failure);
                    return lastUnfetched;
                });
    }

    private void update(long unfetchedNow) {
        lastUnfetched = unfetchedNow;
        ProgressWatchdog.Status now = progress.apply(unfetchedNow);
        status = now;
        if (!now.stalled()) {
            lastWarning = null;
        } else if (lastWarning == null || !Instant.now().isBefore(lastWarning.plus(WARN_EVERY))) {
            lastWarning = Instant.now();
            LOG.warnf("Consumer of %s stalled (readiness DOWN): %s", topic, now.describe());
        }
    }
}

package space.telemetry.detector.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;
import space.telemetry.detector.config.DetectorServiceConfig;
import space.telemetry.detector.messaging.Channels;
import space.telemetry.http.health.ProgressWatchdog;

/**
 * Whether the raw-topic consumer makes progress ({@link ProgressWatchdog}): its lag is the records of its partitions
 * after the committed offsets (fetched or not; telemetry.raw is written without transactions, so no commit marker
 * counts); checked every 30 s and by readiness, with gauges and one warning a minute while stalled.
 */
@ApplicationScoped
public class ConsumerProgress {
    private static final Logger LOG = Logger.getLogger(ConsumerProgress.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);

    private final KafkaClientService kafka;
    private final Vertx vertx;
    private final ProgressWatchdog watchdog;
    private volatile ProgressWatchdog.Status status;
    private Instant lastWarning;
    private long timer = -1;

    public ConsumerProgress(KafkaClientService kafka, DetectorServiceConfig config, Vertx vertx,
            MeterRegistry registry) {
        this.kafka = kafka;
        this.vertx = vertx;
        this.watchdog = new ProgressWatchdog(config.stallAfter(), Clock.systemUTC());
        this.status = watchdog.check(0);
        Gauge.builder("detector.consumer.stalled", this, progress -> progress.status.stalled() ? 1 : 0)
                .description("1 while records wait and no batch has been committed for stall-after (readiness DOWN)")
                .register(registry);
        Gauge.builder("detector.consumer.lag", this, progress -> progress.status.lag())
                .description("Records of telemetry.raw waiting for this instance (last check)").register(registry);
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(Duration.ofSeconds(30).toMillis(), id -> vertx.executeBlocking(this::check, false));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** A batch was committed. */
    public void committed() {
        watchdog.progressed();
    }

    /** A batch was rolled back. */
    public void failed(Throwable failure) {
        watchdog.failed(failure.toString());
    }

    /** Checks now (blocking, a few seconds at most). */
    public synchronized ProgressWatchdog.Status check() {
        ProgressWatchdog.Status now = watchdog.check(uncommitted());
        status = now;
        if (!now.stalled()) {
            lastWarning = null;
        } else if (lastWarning == null || !Instant.now().isBefore(lastWarning.plus(WARN_EVERY))) {
            lastWarning = Instant.now();
            LOG.warnf("consumer of telemetry.raw stalled (readiness DOWN): %s", now.describe());
        }
        return now;
    }

    /** Records of the assigned partitions after the committed offsets; 0 when the consumer does not answer in time. */
    private long uncommitted() {
        try {
            var consumers = kafka.getConsumers(Channels.TELEMETRY_IN);
            if (consumers.isEmpty()) {
                return 0;
            }
            return consumers.get(0).runOnPollingThread(consumer -> {
                Set<TopicPartition> assignment = consumer.assignment();
                Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assignment, TIMEOUT);
                long count = 0;
                for (Map.Entry<TopicPartition, Long> end : consumer.endOffsets(assignment, TIMEOUT).entrySet()) {
                    OffsetAndMetadata done = committed.get(end.getKey());
                    count += Math.max(0, end.getValue() - (done == null ? 0 : done.offset()));
                }
                return count;
            }).await().atMost(TIMEOUT.multipliedBy(2));
        } catch (RuntimeException e) {
            LOG.debugf("cannot read the lag of telemetry.raw: %s", e.toString());
            return 0;
        }
    }
}

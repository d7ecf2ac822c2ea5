package space.telemetry.detector.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logging.Logger;
import space.telemetry.detector.config.DetectorServiceConfig;
import space.telemetry.detector.messaging.Channels;

/**
 * Whether the raw-topic consumer makes progress: stalled when it has lag and has committed no batch for
 * {@code detector.stall-after}, with gauges and one warning a minute saying why.
 */
@ApplicationScoped
public class ConsumerProgress {
    private static final Logger LOG = Logger.getLogger(ConsumerProgress.class);
    private static final Duration LAG_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaClientService kafka;
    private final DetectorServiceConfig config;
    private final Vertx vertx;
    private volatile Instant lastProgress = Instant.now();
    private volatile String lastFailure;
    private volatile long lastLag;
    private volatile boolean stalled;
    private long timer = -1;

    public ConsumerProgress(KafkaClientService kafka, DetectorServiceConfig config, Vertx vertx,
            MeterRegistry registry) {
        this.kafka = kafka;
        this.config = config;
        this.vertx = vertx;
        Gauge.builder("detector.consumer.stalled", () -> stalled ? 1 : 0)
                .description("1 while the consumer has lag and commits nothing").register(registry);
        Gauge.builder("detector.consumer.lag", () -> lastLag)
                .description("Records of telemetry.raw this instance has not committed (last check)").register(registry);
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(Duration.ofMinutes(1).toMillis(),
                id -> vertx.executeBlocking(this::check, false));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** A batch of {@code records} was committed. */
    public void committed(int records) {
        lastProgress = Instant.now();
        lastFailure = null;
    }

    /** A batch was rolled back. */
    public void failed(Throwable failure) {
        lastFailure = failure.toString();
    }

    /** Checks now (blocking, at most a few seconds): DOWN while stalled. */
    public HealthCheckResponse check() {
        Long lag = lag();
        if (lag != null) {
            lastLag = lag;
        }
        Duration idle = Duration.between(lastProgress, Instant.now());
        boolean nowStalled = lag != null && lag > 0 && idle.compareTo(config.stallAfter()) > 0;
        if (nowStalled) {
            LOG.warnf("consumer of telemetry.raw stalled: lag %d records, nothing committed since %s%s", lag,
                    lastProgress, lastFailure == null ? "" : ", last failure: " + lastFailure);
        }
        stalled = nowStalled;
        var response = HealthCheckResponse.named("telemetry.raw consumer progress")
                .withData("lag", lag == null ? "unknown" : lag.toString())
                .withData("lastCommit", lastProgress.toString());
        if (lastFailure != null) {
            response.withData("lastFailure", lastFailure);
        }
        return (nowStalled ? response.down() : response.up()).build();
    }

    /** Records of the assigned partitions not committed yet; null when the consumer cannot tell in time. */
    private Long lag() {
        try {
            var consumers = kafka.getConsumers(Channels.TELEMETRY_IN);
            if (consumers.isEmpty()) {
                return null;
            }
            return consumers.get(0).runOnPollingThread(consumer -> {
                Set<TopicPartition> assignment = consumer.assignment();
                if (assignment.isEmpty()) {
                    return 0L;
                }
                Map<TopicPartition, Long> end = consumer.endOffsets(assignment, LAG_TIMEOUT);
                Map<TopicPartition, OffsetAndMetadata> done = consumer.committed(assignment, LAG_TIMEOUT);
                long lag = 0;
                for (TopicPartition partition : assignment) {
                    OffsetAndMetadata committed = done.get(partition);
                    lag += end.getOrDefault(partition, 0L) - (committed == null ? 0 : committed.offset());
                }
                return lag;
            }).await().atMost(LAG_TIMEOUT.plusSeconds(1));
        } catch (RuntimeException e) {
            LOG.debugf("cannot read the consumer's lag: %s", e.toString());
            return null;
        }
    }
}

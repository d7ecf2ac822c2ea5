package space.telemetry.store.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import space.telemetry.store.config.StoreConfig;
import space.telemetry.store.repository.PointRepository;

/**
 * Deletes, every {@code anomaly-store.points.retention-interval}, each channel's points older than its latest point
 * minus {@code anomaly-store.points.retention}: telemetry time, not wall time (a replay carries times of its own).
 */
@ApplicationScoped
public class PointRetention {
    private static final Logger LOG = Logger.getLogger(PointRetention.class);

    private final PointRepository repository;
    private final StoreConfig config;
    private final Counter expired;
    private Cancellable running;

    public PointRetention(PointRepository repository, StoreConfig config, MeterRegistry registry) {
        this.repository = repository;
        this.config = config;
        this.expired = Counter.builder("anomaly.store.points.expired")
                .description("Points deleted by the retention").register(registry);
    }

    void start(@Observes StartupEvent event) {
        running = Multi.createFrom().ticks().every(config.points().retentionInterval())
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> deleteExpired()
                        .onFailure().recoverWithItem(failure -> {
                            LOG.warnf("Deleting expired points failed, trying again later: %s", failure.toString());
                            return 0;
                        }))
                .subscribe().with(deleted -> { });
    }

    @PreDestroy
    void stop() {
        if (running != null) {
            running.cancel();
        }
    }

    /** Deletes the points past the retention now; returns how many. */
    public Uni<Integer> deleteExpired() {
        return repository.deleteExpired(config.points().retention()).invoke(deleted -> {
            expired.increment(deleted);
            if (deleted > 0) {
                LOG.infof("Deleted %d points older than their channel's latest point minus %s", deleted,
                        config.points().retention());
            }
        });
    }
}

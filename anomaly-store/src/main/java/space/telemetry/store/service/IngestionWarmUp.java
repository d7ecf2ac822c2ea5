package space.telemetry.store.service;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * At startup, takes a made-up event through the event path once, rolled back ({@link IngestionService#rehearse}):
 * cold, that path (classes, lambdas, Hibernate's query plans, the first pooled connection) made the store's first
 * real event wait 0.6-2 s. Runs beside the consumers, never blocks startup, and a failure (database down) costs only
 * the warm-up.
 */
@ApplicationScoped
public class IngestionWarmUp {
    private static final Logger LOG = Logger.getLogger(IngestionWarmUp.class);
    private static final Duration AT_MOST = Duration.ofSeconds(30);

    private final IngestionService ingestion;

    public IngestionWarmUp(IngestionService ingestion) {
        this.ingestion = ingestion;
    }

    void start(@Observes StartupEvent event) {
        long started = System.nanoTime();
        ingestion.rehearse()
                .ifNoItem().after(AT_MOST).fail()
                .subscribe().with(
                        done -> LOG.infof("Event path warmed up in %d ms (one event upserted and rolled back)",
                                (System.nanoTime() - started) / 1_000_000),
                        failure -> LOG.warnf("Warming up the event path failed (the first event will be slower): %s",
                                failure.toString()));
    }
}

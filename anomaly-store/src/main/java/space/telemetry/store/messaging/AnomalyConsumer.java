package space.telemetry.store.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import space.telemetry.store.service.IngestionService;

/** Consumes telemetry.anomalies: a record is acknowledged once stored, and nacked to telemetry.dlq when invalid. */
@ApplicationScoped
public class AnomalyConsumer {
    /** Incoming channel bound to the telemetry.anomalies topic (see application.properties). */
    public static final String CHANNEL = "anomalies-in";

    private final IngestionService ingestion;

    public AnomalyConsumer(IngestionService ingestion) {
        this.ingestion = ingestion;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(byte[] value) {
        return ingestion.store(value);
    }
}

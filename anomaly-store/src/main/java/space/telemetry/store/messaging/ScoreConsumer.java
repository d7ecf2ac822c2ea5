package space.telemetry.store.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import space.telemetry.store.service.ScoreIngestionService;

/** Consumes telemetry.scores in batches: a batch is acknowledged (its offsets committed) once its rows are stored. */
@ApplicationScoped
public class ScoreConsumer {
    /** Incoming channel bound to the telemetry.scores topic (see application.properties). */
    public static final String CHANNEL = "scores-in";

    private final ScoreIngestionService ingestion;

    public ScoreConsumer(ScoreIngestionService ingestion) {
        this.ingestion = ingestion;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<byte[], byte[]> records) {
        return ingestion.store(records);
    }
}

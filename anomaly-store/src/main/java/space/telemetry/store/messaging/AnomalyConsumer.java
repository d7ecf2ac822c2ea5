package space.telemetry.store.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import space.telemetry.contract.Topics;
import space.telemetry.store.service.IngestionService;

/**
 * Consumes telemetry.anomalies: a record is acknowledged once stored, and nacked to telemetry.dlq when invalid. One
 * record at a time, in order: the channel's {@code latest} commit strategy (application.properties) commits the last
 * acknowledged offset, which is safe only so; concurrent or unordered processing would need {@code throttled} back.
 */
@ApplicationScoped
public class AnomalyConsumer {
    /** Incoming channel bound to the telemetry.anomalies topic (see application.properties). */
    public static final String CHANNEL = "anomalies-in";

    private final IngestionService ingestion;

    public AnomalyConsumer(IngestionService ingestion) {
        this.ingestion = ingestion;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecord<byte[], byte[]> record) {
        return ingestion.store(record.value(), pointProducedAt(record));
    }

    /** The raising point's produce time from the detector's header, or -1 when absent or unreadable. */
    static long pointProducedAt(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(Topics.POINT_PRODUCED_AT);
        if (header == null || header.value() == null) {
            return -1;
        }
        try {
            return Long.parseLong(new String(header.value(), StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return -1; // only a measurement: a bad header costs the record nothing
        }
    }
}

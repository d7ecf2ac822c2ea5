package space.telemetry.replay.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Sends serialized telemetry points to {@code telemetry.raw}, keyed by channel id. */
@ApplicationScoped
public class TelemetryProducer {
    /** The channel name in application.properties ({@code mp.messaging.outgoing.telemetry-raw.*}). */
    public static final String CHANNEL = "telemetry-raw";

    /*
     * Backpressure: the emitter's own buffer is unbounded, but it never holds much: each replay job takes a
     * semaphore permit before calling send() and gives it back when the returned Uni completes, i.e. when the
     * broker has acknowledged the record (acks=all, idempotent producer) or the send has failed for good. So at
     * most replay.max-in-flight records per replay are buffered or awaiting acks, and a slow broker slows the
     * job's reading of the .npy files instead of filling the heap. Records keep their send order per partition
     * (idempotence keeps retried batches in order), hence per channel.
     */
    private final MutinyEmitter<byte[]> emitter;

    public TelemetryProducer(@Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /** Sends one record; the Uni completes when the broker has acknowledged it, or fails with the send error. */
    public Uni<Void> send(String key, byte[] value) {
        Message<byte[]> message = Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
        return emitter.sendMessage(message);
    }
}

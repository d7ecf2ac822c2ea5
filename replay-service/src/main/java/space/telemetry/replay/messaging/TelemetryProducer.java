package space.telemetry.replay.messaging;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Sends serialized telemetry points to {@code telemetry.raw}, keyed by channel id. */
@ApplicationScoped
public class TelemetryProducer {
    /** The channel name in application.properties ({@code mp.messaging.outgoing.telemetry-raw.*}). */
    public static final String CHANNEL = "telemetry-raw";

    /*
     * The outgoing channel stays the single source of truth for the producer: its Kafka connector builds the
     * KafkaProducer from mp.messaging.outgoing.telemetry-raw.* and kafka.* (bootstrap servers, security and SASL
     * settings from the environment), reports readiness, binds the client's metrics and closes (flushes) the producer
     * at shutdown. Records do not go through the channel, though: a Message, its metadata, a Uni completion, context
     * propagation and a log call per record cost 3-5 times what the Kafka client itself does (docs/performance.md,
     * replay-service), so send() hands each record to the channel's producer with one plain callback.
     *
     * Backpressure: each replay job takes a semaphore permit before send() and gives it back in the callback, i.e.
     * when the broker has acknowledged the record (acks=all, idempotent producer) or the send has failed for good.
     * So at most replay.max-in-flight records per replay are buffered or awaiting acks, and a slow broker slows the
     * job's reading of the .npy files instead of filling the heap. Records keep their send order per partition
     * (idempotence keeps retried batches in order), hence per channel.
     */
    private final KafkaClientService clients;
    private final String topic;
    private volatile Producer<String, byte[]> producer;

    /**
     * @param unused the channel's upstream: nothing is sent through it, but without one the channel, and with it
     *               the producer, health checks and metrics above, would not be wired
     */
    public TelemetryProducer(KafkaClientService clients,
            @ConfigProperty(name = "mp.messaging.outgoing." + CHANNEL + ".topic") String topic,
            @Channel(CHANNEL) Emitter<byte[]> unused) {
        this.clients = clients;
        this.topic = topic;
    }

    /**
     * Sends one record (timestamp: the producer's clock); the callback runs on the producer's I/O thread once the
     * broker has acknowledged it or the send has failed. Throws when the record cannot even be handed over (producer
     * closed, metadata unavailable within max.block.ms).
     */
    public void send(String key, byte[] value, Callback callback) {
        producer().send(new ProducerRecord<>(topic, key, value), callback);
    }

    private Producer<String, byte[]> producer() {
        Producer<String, byte[]> current = producer;
        if (current == null) {
            current = clients.<String, byte[]>getProducer(CHANNEL).unwrap();
            producer = current;
        }
        return current;
    }
}

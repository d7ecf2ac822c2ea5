package space.telemetry.detector.service;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import space.telemetry.core.model.AnomalyEvent;

/**
 * What one batch of raw records produced; written atomically with the batch's offsets.
 *
 * @param events      anomaly events, in the order they were raised
 * @param rejected    records for the dead-letter topic, with the reason
 * @param checkpoints the new checkpoint of every channel the batch touched
 */
public record DetectionOutput(List<AnomalyEvent> events, List<Rejected> rejected, List<Checkpoint> checkpoints) {

    /** A record that could not be processed and why. */
    public record Rejected(ConsumerRecord<byte[], byte[]> record, String reason) {
    }

    /** A channel's state after the batch. */
    public record Checkpoint(String channel, byte[] state) {
    }
}

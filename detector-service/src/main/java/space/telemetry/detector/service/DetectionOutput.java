package space.telemetry.detector.service;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.ScoreBatch;

/**
 * What one batch of raw records produced; written atomically with the batch's offsets.
 *
 * @param events      anomaly events, in the order they were raised
 * @param rejected    records for the dead-letter topic, with the reason
 * @param checkpoints the channels whose state is due to be saved
 * @param replayFrom  per raw partition, the offset a restore must re-read from (changed values only)
 * @param quarantines channels newly quarantined
 * @param scores      the scored points of the batch's live records, per channel and split run (empty when
 *                    {@code detector.scores.enabled} is false)
 * @param waiting     channels that began or stopped waiting for a model fit (changed values only)
 */
public record DetectionOutput(List<Raised> events, List<Rejected> rejected, List<Checkpoint> checkpoints,
        Map<Integer, Long> replayFrom, List<Quarantine> quarantines, List<ScoreBatch> scores,
        List<Waiting> waiting) {

    /**
     * A channel that waits for a model fit from raw record {@code offset} on (its records from there on are not
     * published yet), or with offset -1 no longer waits.
     */
    public record Waiting(String channel, int partition, long offset) {
    }

    /** An event and the produce time (epoch milliseconds) of the telemetry.raw record that raised it. */
    public record Raised(AnomalyEvent event, long pointProducedAt) {
    }

    /** A record that could not be processed and why. */
    public record Rejected(ConsumerRecord<byte[], byte[]> record, String reason) {
    }

    /** A channel whose state cannot be checkpointed: its records are dead-lettered from now on. */
    public record Quarantine(String channel, int partition, String reason) {
    }

    /** A channel's state, covering every record of its raw partition up to {@code offset}. */
    public record Checkpoint(String channel, byte[] state, int partition, long offset) {
    }
}

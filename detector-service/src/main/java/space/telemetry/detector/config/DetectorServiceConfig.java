package space.telemetry.detector.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

/** Typed configuration of the detector service ({@code detector.*}). */
@ConfigMapping(prefix = "detector")
public interface DetectorServiceConfig {

    /** The detection YAML (detectors and event settings), e.g. configs/detectors.yaml. */
    Path configFile();

    /**
     * This instance's name, unique among running instances and stable across its restarts (the pod name in a
     * StatefulSet): its Kafka static group membership and its transactional id.
     */
    String instanceId();

    /** Compacted topic holding each channel's checkpoint. */
    @WithDefault("telemetry.detector-state")
    String stateTopic();

    /** How long loading checkpoints may take before start-up of a partition fails. */
    @WithDefault("PT60S")
    Duration stateLoadTimeout();

    /** When a channel's state is written to the state topic. */
    Checkpoint checkpoint();

    /**
     * How often a batch that fails on a record is retried before that record is dead-lettered (or, when a channel's
     * state cannot be written, before the channel is quarantined).
     */
    @WithDefault("3")
    int maxAttempts();

    /**
     * Threads that run a batch's raw partitions in parallel (one task per partition, each partition's records in
     * order); default the available processors. 1: the whole batch on the consumer's thread.
     */
    OptionalInt workers();

    /**
     * Threads that fit channels' models (the MLP forecaster's networks, when a channel's test split begins) off the
     * consumer's path, while the channel's records wait in order and other channels go on; default the available
     * processors minus one, at least 1 and at most 2. 0: fits run inline, inside the batch (the consumer stalls meanwhile).
     */
    OptionalInt trainingThreads();

    /**
     * Records a channel may queue while it waits for its fit; at the next one its partition's task claims the fit
     * (runs it inline unless the pool has started it, then waits for it): memory stays bounded when the consumer
     * catches up on a backlog, where a channel's records come much faster than at the live rate.
     */
    @WithDefault("2000")
    int maxWaitingRecords();

    /**
     * About how many records all waiting channels together may queue (the service's bound, where
     * {@link #maxWaitingRecords} is one channel's; a batch's parallel tasks may each queue one past it before they
     * check); past it, the task that queued a record claims the fit of its partition's channel with the largest queue,
     * as past the per-channel bound. Sized from the heap: each queued record holds its raw record in memory.
     */
    @WithDefault("25000")
    int maxWaitingRecordsTotal();

    /** Readiness goes DOWN when the consumer has lag and has committed nothing for this long. */
    @WithDefault("PT2M")
    Duration stallAfter();

    /** The per-point scores published on telemetry.scores. */
    Scores scores();

    /** Per-point scores: each batch's scored points go to telemetry.scores in the batch's transaction. */
    interface Scores {
        /** False: no scores are published (to measure what they cost). */
        @WithDefault("true")
        boolean enabled();
    }

    /** Checkpoint cadence: every {@code everyPoints} new points, or when the oldest unsaved is {@code maxAge} old. */
    interface Checkpoint {
        @WithDefault("5000")
        int everyPoints();

        /** Must stay well below the retention of telemetry.raw: a restart re-reads the points since the checkpoint. */
        @WithDefault("PT24H")
        Duration maxAge();
    }
}

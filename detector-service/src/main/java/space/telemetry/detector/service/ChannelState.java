package space.telemetry.detector.service;

import space.telemetry.detection.ChannelDetector;

/** A channel held in memory: its detectors, its raw partition, and what its last committed checkpoint covers. */
final class ChannelState {
    private final ChannelDetector detector;
    private final int partition;
    private final String quarantine;
    private long checkpointOffset;
    private long lastOffset = -1;
    private int pendingPoints;
    private long firstPendingOffset = -1;
    private long firstPendingAt;
    private ScoreRun scores;

    private ChannelState(ChannelDetector detector, int partition, long checkpointOffset, String quarantine) {
        this.detector = detector;
        this.partition = partition;
        this.checkpointOffset = checkpointOffset;
        this.quarantine = quarantine;
    }

    /** A channel whose detectors run; {@code checkpointOffset} is the last raw offset its state includes (-1: none). */
    static ChannelState active(ChannelDetector detector, int partition, long checkpointOffset) {
        return new ChannelState(detector, partition, checkpointOffset, null);
    }

    /** A channel whose state could not be checkpointed: its records are dead-lettered with {@code reason}. */
    static ChannelState quarantined(int partition, String reason) {
        return new ChannelState(null, partition, -1, reason);
    }

    ChannelDetector detector() {
        return detector;
    }

    String channel() {
        return detector.channel();
    }

    /** The channel's scored points of the current batch (created on first use). */
    ScoreRun scores(String spacecraft) {
        if (scores == null) {
            scores = new ScoreRun(spacecraft, detector.channel());
        }
        return scores;
    }

    /** The scores collected so far, or null. */
    ScoreRun scoresIfAny() {
        return scores;
    }

    int partition() {
        return partition;
    }

    /** Why the channel is quarantined, or null. */
    String quarantine() {
        return quarantine;
    }

    long checkpointOffset() {
        return checkpointOffset;
    }

    long lastOffset() {
        return lastOffset;
    }

    /** Whether points were processed since the last committed checkpoint. */
    boolean dirty() {
        return pendingPoints > 0;
    }

    int pendingPoints() {
        return pendingPoints;
    }

    long firstPendingOffset() {
        return firstPendingOffset;
    }

    long firstPendingAt() {
        return firstPendingAt;
    }

    void processed(long offset, long nowMillis) {
        if (pendingPoints == 0) {
            firstPendingOffset = offset;
            firstPendingAt = nowMillis;
        }
        pendingPoints++;
        lastOffset = offset;
    }

    /** A checkpoint covering {@code offset} was committed. */
    void checkpointed(long offset) {
        checkpointOffset = offset;
        if (offset >= lastOffset) {
            pendingPoints = 0;
            firstPendingOffset = -1;
        }
    }
}

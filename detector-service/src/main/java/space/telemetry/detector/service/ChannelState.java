package space.telemetry.detector.service;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import space.telemetry.detection.ChannelDetector;

/**
 * A channel held in memory: its detectors, its raw partition, what its last committed checkpoint covers, and while a
 * model fit runs elsewhere (the channel waits), its records from the one that needs the fit on, in order.
 */
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
    /** The running or finished fit the channel waits for; null when it does not wait. */
    private volatile FitJob fit;
    private long waitingFrom = -1;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>(0);
    /** Records queued by every channel of the service: this channel's queue counts in it. */
    private final AtomicInteger allQueued;

    /**
     * A record waiting for the channel's fit (the raw record only, decoded again when processed: the queue stays
     * small); {@code rejection}: why it goes to the dead-letter topic in turn (it cannot be processed), or null.
     */
    record Queued(ConsumerRecord<byte[], byte[]> record, String rejection) {
    }

    /** A fit that the training pool or, when the channel has queued too much, the partition's task runs: who claims it. */
    static final class FitJob {
        private final ChannelDetector.Fit fit;
        private final java.util.concurrent.atomic.AtomicBoolean claimed = new java.util.concurrent.atomic.AtomicBoolean();
        final CompletableFuture<ChannelDetector.Fitted> result = new CompletableFuture<>();

        FitJob(ChannelDetector.Fit fit) {
            this.fit = fit;
        }

        /** Runs the fit unless someone claimed it already (or it was cancelled); true when this call ran it. */
        boolean runIfUnclaimed(java.util.function.Function<ChannelDetector.Fit, ChannelDetector.Fitted> runner) {
            if (result.isDone() || !claimed.compareAndSet(false, true)) {
                return false;
            }
            try {
                result.complete(runner.apply(fit));
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
            return true;
        }
    }

    private ChannelState(ChannelDetector detector, int partition, long checkpointOffset, String quarantine,
            AtomicInteger allQueued) {
        this.detector = detector;
        this.partition = partition;
        this.checkpointOffset = checkpointOffset;
        this.quarantine = quarantine;
        this.allQueued = allQueued;
    }

    /**
     * A channel whose detectors run; {@code checkpointOffset} is the last raw offset its state includes (-1: none);
     * {@code allQueued} counts the records every channel of the service has queued.
     */
    static ChannelState active(ChannelDetector detector, int partition, long checkpointOffset,
            AtomicInteger allQueued) {
        return new ChannelState(detector, partition, checkpointOffset, null, allQueued);
    }

    /** A channel whose state could not be checkpointed: its records are dead-lettered with {@code reason}. */
    static ChannelState quarantined(int partition, String reason) {
        return new ChannelState(null, partition, -1, reason, new AtomicInteger());
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

    /** Whether the channel waits for a fit: its records are queued, none is processed. */
    boolean waiting() {
        return fit != null;
    }

    /** Whether the channel waits for a fit that has finished (successfully or not). */
    boolean fitDone() {
        FitJob running = fit;
        return running != null && running.result.isDone();
    }

    FitJob fit() {
        return fit;
    }

    /** Records queued while the channel waits. */
    int queued() {
        return queue.size();
    }

    /** The offset of the first record not processed because the channel waits (-1: it does not wait). */
    long waitingFrom() {
        return waitingFrom;
    }

    /** The channel waits for {@code running}, from {@code record} on (the record that needs the fit comes first). */
    void startWaiting(FitJob running, ConsumerRecord<byte[], byte[]> record) {
        fit = running;
        waitingFrom = record.offset();
        queue.addFirst(new Queued(record, null));
        allQueued.incrementAndGet();
    }

    /** Queues a record behind the ones waiting; {@code rejection}: to dead-letter it with that reason, in turn. */
    void enqueue(ConsumerRecord<byte[], byte[]> record, String rejection) {
        queue.addLast(new Queued(record, rejection));
        allQueued.incrementAndGet();
    }

    /** The fit is taken: the channel no longer waits; its queued records are to be processed in order. */
    void stopWaiting() {
        fit = null;
        waitingFrom = -1;
    }

    /** The next queued record, or null. */
    Queued poll() {
        Queued next = queue.pollFirst();
        if (next != null) {
            allQueued.decrementAndGet();
        }
        return next;
    }

    /** Forgets a running fit (the channel is dropped): its result is never used; not started, it never runs. */
    void cancelFit() {
        FitJob running = fit;
        if (running != null) {
            running.result.cancel(false); // a pool thread that has not claimed it yet never will run it
        }
        fit = null;
        allQueued.addAndGet(-queue.size());
        queue.clear();
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

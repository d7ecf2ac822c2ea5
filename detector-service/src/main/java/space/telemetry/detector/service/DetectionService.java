package space.telemetry.detector.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.Gauge;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.EventState;
import space.telemetry.contract.InvalidRecordException;
import space.telemetry.contract.ScoreBatch;
import space.telemetry.contract.TelemetryCodec;
import space.telemetry.contract.TelemetryPoint;
import space.telemetry.detection.ChannelDetector;
import space.telemetry.detection.DetectionConfig;
import space.telemetry.detector.config.DetectorServiceConfig;
import space.telemetry.detector.repository.CommittedState;
import space.telemetry.detector.repository.DetectorStateRepository;
import space.telemetry.http.metrics.Histograms;

/**
 * Runs every channel's detectors over batches of raw records. Channel state lives in memory; a channel is
 * checkpointed every N points or T time, and restoring a partition (after an assignment or a rolled-back batch)
 * takes each channel's committed checkpoint and silently re-processes the raw records committed since then.
 *
 * <p>A channel's state depends only on the records of its raw partition, so a batch's partitions are processed in
 * parallel, each by one task of the {@code detector.workers} pool; the batch-level bookkeeping (positions, attempts,
 * checkpoints, committed state) stays on the calling thread, between batches or once every task has finished.
 *
 * <p>A slow model fit (the MLP forecaster's, when a channel's test split begins) runs on the
 * {@code detector.training-threads} pool: meanwhile the channel waits, its records queued in order (and not
 * published: the committed state says from which offset it waits, and the partition's re-read offset stays at or
 * before it), while the other channels go on. A partition's task first and last processes the queues of its
 * channels whose fit has finished. A restore processes a waiting channel's records from that offset on with output,
 * its fit inline. The queues are bounded per channel and for the whole service; past either bound the task claims the
 * fit. A record of a waiting channel that cannot be processed is queued too, and dead-lettered in its turn.
 */
@ApplicationScoped
public class DetectionService {
    private static final Logger LOG = Logger.getLogger(DetectionService.class);
    /**
     * A slow channel is also checkpointed once its partition has moved this many times {@code every-points} past its
     * oldest unsaved point, so that a restore never re-reads more than that per partition.
     */
    private static final int MAX_REREAD_FACTOR = 10;

    private final DetectionConfig config;
    private final DetectorServiceConfig settings;
    private final DetectorStateRepository repository;
    private final MeterRegistry registry;
    private final Counter duplicates;
    private final Counter gaps;
    private final Counter rejected;
    private final Counter poisoned;
    private final Counter replayed;
    private final Counter checkpointBytes;
    private final Timer batchTimer;
    private final DistributionSummary batchPartitions;
    private final Timer detectionLatency;
    private final Timer fitDuration;
    /** detector.records.in per spacecraft. */
    private final Map<String, Counter> recordsIn = new ConcurrentHashMap<>();

    /** Records queued by the waiting channels, all together (bounded by {@code detector.max-waiting-records-total}). */
    private final AtomicInteger queuedRecords = new AtomicInteger();
    /** Runs the partitions of a batch; null with one worker: everything on the calling thread. */
    private final ExecutorService workers;
    /** Runs the slow model fits; null: they run inline. */
    private final Executor training;
    /** The pool behind {@link #training} when this service made it (stopped with the workers). */
    private final ExecutorService trainingPool;
    /** Told the raw partition of a channel whose fit has finished (to make sure a batch of it comes). */
    private volatile IntConsumer fitFinished = partition -> { };
    /**
     * Per assigned raw partition, the consumer's committed offset as known here (at assignment, then after each
     * commit): a restore re-reads up to it, and a batch's records before it (re-delivered) are skipped.
     */
    private final Map<Integer, Long> committedPositions = new ConcurrentHashMap<>();

    private CommittedState committed = new CommittedState();
    /** A commit's outcome is unknown and the committed state was not read back yet: no batch is processed. */
    private boolean committedUnknown;
    private Set<Integer> assigned = Set.of();
    /**
     * Shared by the partitions' tasks, each of which only changes the channels of its own partition; the first
     * partition to meet a channel owns it (a channel on two partitions, only possible after a repartitioning, is
     * refused on the other one: within one batch, which partition wins is a race).
     */
    private final Map<String, ChannelState> channels = new ConcurrentHashMap<>();
    /** Raw partitions whose channels are rebuilt, with the next offset to process. */
    private final Map<Integer, Long> positions = new HashMap<>();
    /** Failed attempts per raw record, and the records to dead-letter without processing them again. */
    private final Map<RecordId, Integer> attempts = new HashMap<>();
    private final Map<RecordId, String> poison = new HashMap<>();
    /** Failed checkpoint attempts per channel, and channels to quarantine in the next batch. */
    private final Map<String, Integer> checkpointAttempts = new HashMap<>();
    private final Map<String, DetectionOutput.Quarantine> toQuarantine = new HashMap<>();

    private record RecordId(int partition, long offset) {
    }

    @Inject
    public DetectionService(DetectionConfig config, DetectorServiceConfig settings, DetectorStateRepository repository,
            MeterRegistry registry) {
        this(config, settings, repository, registry, null);
    }

    /**
     * @param training runs the slow model fits (tests pass one they control); null: a pool of
     *                 {@code detector.training-threads} threads, or fits inline when that is 0
     */
    public DetectionService(DetectionConfig config, DetectorServiceConfig settings, DetectorStateRepository repository,
            MeterRegistry registry, Executor training) {
        this.config = config;
        this.settings = settings;
        this.repository = repository;
        this.registry = registry;
        this.duplicates = Counter.builder("detector.records.duplicate")
                .description("Points skipped because they were already processed").register(registry);
        this.gaps = Counter.builder("detector.records.gap")
                .description("Points that arrived after missing points").register(registry);
        this.rejected = Counter.builder("detector.records.rejected")
                .description("Records sent to the dead-letter topic").register(registry);
        this.poisoned = Counter.builder("detector.records.poisoned")
                .description("Records dead-lettered because processing them kept failing").register(registry);
        this.replayed = Counter.builder("detector.records.replayed")
                .description("Committed raw records re-processed to rebuild channel state").register(registry);
        this.checkpointBytes = Counter.builder("detector.checkpoint.bytes").baseUnit("bytes")
                .description("Bytes of channel state written to the state topic").register(registry);
        this.batchTimer = Histograms.timer(registry, "detector.batch.duration",
                "Time to run the detectors over one batch", Duration.ofMinutes(1));
        this.batchPartitions = DistributionSummary.builder("detector.batch.partitions")
                .description("Raw partitions in a batch: how many of its tasks can run in parallel").register(registry);
        this.detectionLatency = Histograms.timer(registry, "detector.detection.latency",
                "From the produce time of a point to the commit of the alarm it raised", Duration.ofMinutes(30));
        this.fitDuration = Histograms.timer(registry, "detector.fit.duration",
                "Time to fit a channel's models off the consumer's path", Duration.ofMinutes(1));
        Gauge.builder("detector.channels.waiting", this, DetectionService::waitingChannels)
                .description("Channels whose records wait for a model fit").register(registry);
        Gauge.builder("detector.records.waiting", queuedRecords, AtomicInteger::get)
                .description("Raw records queued in memory while their channels wait for a model fit")
                .register(registry);
        int fitters = settings.trainingThreads()
                .orElse(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors() - 1)));
        AtomicInteger fitterCount = new AtomicInteger();
        this.trainingPool = training != null || fitters <= 0 ? null : Executors.newFixedThreadPool(fitters, task -> {
            Thread thread = new Thread(task, "detector-training-" + fitterCount.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.training = training != null ? training : trainingPool;
        int threads = settings.workers().orElse(Runtime.getRuntime().availableProcessors());
        AtomicInteger created = new AtomicInteger();
        this.workers = threads <= 1 ? null : Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "detector-worker-" + created.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Stops the worker threads (at shutdown). */
    @PreDestroy
    public void stopWorkers() {
        if (workers != null) {
            workers.shutdown();
        }
        if (trainingPool != null) {
            trainingPool.shutdownNow();
        }
    }

    /** {@code listener} is told the raw partition of each channel whose fit finishes (on the fitting thread). */
    public void onFitFinished(IntConsumer listener) {
        fitFinished = Objects.requireNonNull(listener);
    }

    /** Channels in memory whose records wait for a model fit. */
    public long waitingChannels() {
        return channels.values().stream().filter(ChannelState::waiting).count();
    }

    /** Raw records queued in memory by the channels that wait for a fit, all together. */
    public int queuedRecords() {
        return queuedRecords.get();
    }

    /** The consumer's committed offset of a raw partition as known here, or null. */
    public Long committedPosition(int partition) {
        return committedPositions.get(partition);
    }

    /** Raw partitions with a channel that waits (in memory, or in the committed state when not restored yet). */
    public synchronized Set<Integer> waitingPartitions() {
        Set<Integer> partitions = new java.util.TreeSet<>();
        channels.values().stream().filter(ChannelState::waiting).forEach(c -> partitions.add(c.partition()));
        committed.waitingChannels().values().forEach(w -> {
            if (!positions.containsKey(w.partition())) {
                partitions.add(w.partition());
            }
        });
        return partitions;
    }

    /** Drops every channel, forgetting their running fits. */
    private void dropChannels() {
        List<ChannelState> dropped = List.copyOf(channels.values());
        channels.clear();
        dropped.forEach(ChannelState::cancelFit);
    }

    /** The consumer now owns {@code partitions}: reads their committed state and forgets everything else (blocking). */
    public synchronized void assign(Set<Integer> partitions) {
        assign(partitions, Map.of());
    }

    /**
     * As {@link #assign(Set)}, with the consumer's committed offsets of the partitions (those it has): a restore
     * re-reads up to them.
     */
    public synchronized void assign(Set<Integer> partitions, Map<Integer, Long> committedOffsets) {
        assigned = Set.copyOf(partitions);
        committed = repository.load(assigned);
        committedUnknown = false;
        dropChannels();
        positions.clear();
        committedPositions.clear();
        committedPositions.putAll(committedOffsets);
        // failures seen on partitions another instance owns now are that instance's to count
        attempts.keySet().removeIf(id -> !assigned.contains(id.partition()));
        poison.keySet().removeIf(id -> !assigned.contains(id.partition()));
        toQuarantine.values().removeIf(quarantine -> !assigned.contains(quarantine.partition()));
        checkpointAttempts.clear();
        LOG.infof("partitions %s of %s assigned: %d channel checkpoints", new java.util.TreeSet<>(assigned),
                space.telemetry.contract.Topics.RAW, committed.channels());
    }

    /**
     * Drops the effects of a batch whose transaction was aborted: channels are rebuilt from the committed state on
     * their next record. A failure caused by one record or one channel counts as an attempt; after
     * {@code detector.max-attempts} the record is dead-lettered, or the channel quarantined, instead.
     */
    public synchronized void rollback(Throwable failure) {
        dropChannels();
        positions.clear();
        if (failure instanceof BatchRefused refused) {
            LOG.warnf("batch refused, its records come again: %s", refused.getMessage());
            return;
        }
        ProcessingFailure cause = processingFailure(failure);
        if (cause == null) {
            LOG.warnf("batch rolled back, it will be processed again: %s", failure.toString());
            return;
        }
        if (cause.isCheckpoint()) {
            int attempt = checkpointAttempts.merge(cause.channel(), 1, Integer::sum);
            logAttempt(cause, attempt);
            if (attempt >= settings.maxAttempts()) {
                toQuarantine.put(cause.channel(),
                        new DetectionOutput.Quarantine(cause.channel(), cause.partition(), cause.getMessage()));
            }
            return;
        }
        RecordId id = new RecordId(cause.partition(), cause.offset());
        int attempt = attempts.merge(id, 1, Integer::sum);
        logAttempt(cause, attempt);
        if (attempt >= settings.maxAttempts()) {
            poison.put(id, "processing failed " + attempt + " times: "
                    + ProcessingFailure.describe(cause.getCause()));
        }
    }

    private void logAttempt(ProcessingFailure cause, int attempt) {
        String outcome = attempt >= settings.maxAttempts()
                ? (cause.isCheckpoint() ? "the channel is quarantined" : "the record goes to the dead-letter topic")
                : "the batch is retried";
        if (attempt == 1) {
            LOG.errorf(cause.getCause(), "%s (attempt %d of %d, %s)", cause.getMessage(), attempt,
                    settings.maxAttempts(), outcome);
        } else {
            LOG.errorf("%s (attempt %d of %d, %s)", cause.getMessage(), attempt, settings.maxAttempts(), outcome);
        }
    }

    private static ProcessingFailure processingFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProcessingFailure processing) {
                return processing;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    /**
     * A batch failed after it was handed to the transaction (sending, committing): it may have been committed. Every
     * batch is refused until {@link #assign} has read the committed state back from the broker.
     */
    public synchronized void commitOutcomeUnknown() {
        committedUnknown = true;
    }

    /** Whether the committed state must be read back before a batch is processed ({@link #commitOutcomeUnknown}). */
    public synchronized boolean committedStateUnknown() {
        return committedUnknown;
    }

    /** Records what a committed batch saved: it is what the next restore starts from. */
    public synchronized void committed(DetectionOutput output) {
        long now = System.currentTimeMillis();
        for (DetectionOutput.Raised raised : output.events()) {
            // the alarm (an event's open versions), not its closing
            if (raised.pointProducedAt() >= 0 && raised.event().state() == EventState.OPEN) {
                detectionLatency.record(Duration.ofMillis(Math.max(0, now - raised.pointProducedAt())));
            }
        }
        for (DetectionOutput.Checkpoint checkpoint : output.checkpoints()) {
            committed.saveCheckpoint(checkpoint.channel(), checkpoint.state(), checkpoint.partition(),
                    checkpoint.offset());
            checkpointAttempts.remove(checkpoint.channel());
            ChannelState channel = channels.get(checkpoint.channel());
            if (channel != null) {
                channel.checkpointed(checkpoint.offset());
            }
        }
        for (DetectionOutput.Quarantine quarantine : output.quarantines()) {
            committed.saveQuarantine(quarantine.channel(), quarantine.reason());
            toQuarantine.remove(quarantine.channel());
            checkpointAttempts.remove(quarantine.channel());
        }
        output.replayFrom().forEach(committed::saveReplayFrom);
        output.waiting().forEach(waiting -> committed.saveWaiting(waiting.channel(), waiting.partition(),
                waiting.offset()));
        committedPositions.putAll(positions);
        // a fit that finished during the batch, on a partition no further batch may bring: make sure one comes
        channels.values().stream().filter(ChannelState::fitDone).map(ChannelState::partition).distinct()
                .forEach(fitFinished::accept);
        // what a restore can no longer reach needs no bookkeeping
        attempts.keySet().removeIf(id -> id.offset() < positions.getOrDefault(id.partition(), 0L));
        poison.keySet().removeIf(id -> {
            Long from = committed.replayFrom(id.partition());
            return from != null && id.offset() < from;
        });
    }

    /**
     * Processes a batch, each partition's records in order and the partitions in parallel; the output lists them
     * partition by partition, in the batch's order. The caller must publish it atomically with the batch's offsets.
     * When records of several partitions fail, the failure thrown is the first partition's (in the batch's order),
     * once every task has finished.
     */
    public synchronized DetectionOutput process(Iterable<ConsumerRecord<byte[], byte[]>> batch) {
        if (committedUnknown) {
            throw new BatchRefused("the outcome of a commit is unknown and the committed state has not been read "
                    + "back yet");
        }
        long started = System.nanoTime();
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> partitions = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            partitions.computeIfAbsent(record.partition(), partition -> new ArrayList<>()).add(record);
        }
        batchPartitions.record(partitions.size());
        Executor executor = workers != null && partitions.size() > 1 ? workers : Runnable::run;
        List<CompletableFuture<Output>> tasks = new ArrayList<>();
        partitions.forEach((partition, records) -> {
            Long position = positions.get(partition); // null: restore first
            tasks.add(CompletableFuture.supplyAsync(() -> process(partition, records, position), executor));
        });
        List<Output> outputs = new ArrayList<>();
        Throwable failure = null;
        for (CompletableFuture<Output> task : tasks) {
            try { // join, not get: waits for every task even when interrupted, as the channels are theirs till then
                Output done = task.join();
                outputs.add(done);
                positions.put(done.partition, done.position);
            } catch (CompletionException e) {
                failure = failure != null ? failure : e.getCause();
            }
        }
        if (failure != null) {
            throw unchecked(failure);
        }
        // a failure from here on is rolled back, which drops the channels and their unpublished scores with them
        List<DetectionOutput.Checkpoint> checkpoints = dueCheckpoints();
        DetectionOutput result = new DetectionOutput(concat(outputs, output -> output.events),
                concat(outputs, output -> output.rejected), checkpoints, replayFrom(checkpoints),
                List.copyOf(toQuarantine.values()), concat(outputs, output -> output.scores), waitingChanges());
        batchTimer.record(Duration.ofNanos(System.nanoTime() - started));
        return result;
    }

    /**
     * One partition's records in order, as one task: it changes only the channels of {@code partition}. Records before
     * {@code position} (re-delivered) are skipped; null position: the partition is restored first. A batch that starts
     * after that position (or after the committed offset) with a record in between is refused: that record was never
     * processed.
     */
    private Output process(int partition, List<ConsumerRecord<byte[], byte[]>> records, Long position) {
        Output output = new Output(partition);
        long first = records.get(0).offset();
        Long expected = position != null ? position : committedPositions.get(partition);
        // offsets between may hold no record (transaction markers, aborted or deleted records): only a record is a gap
        if (expected != null && first > expected && repository.holdsRecords(partition, expected, first)) {
            throw new BatchRefused("telemetry.raw-" + partition + ": the batch starts at offset " + first
                    + ", after the next offset to process, " + expected);
        }
        long next = position == null ? -1 : position;
        if (position == null) {
            next = expected == null ? first : expected;
            restore(partition, next, output);
        }
        drainFinishedFits(partition, output);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.offset() >= next) {
                handle(record, output, false);
            }
        }
        drainFinishedFits(partition, output);
        output.position = Math.max(next, records.get(records.size() - 1).offset() + 1);
        output.closeScores();
        return output;
    }

    /** Processes the queued records of the partition's channels whose fit has finished, in order. */
    private void drainFinishedFits(int partition, Output output) {
        for (ChannelState channel : channels.values()) {
            if (channel.partition() == partition && channel.fitDone()) {
                drain(channel, output);
            }
        }
    }

    private void drain(ChannelState channel, Output output) {
        while (channel.fitDone()) {
            ChannelDetector.Fitted fitted;
            ChannelState.Queued first = channel.poll();
            try {
                fitted = channel.fit().result.join();
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                if (cause instanceof Error error) {
                    throw error; // e.g. out of memory: the batch is retried, and no record is blamed for it
                }
                throw ProcessingFailure.ofRecord(channel.channel(), channel.partition(), first.record().offset(),
                        cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause));
            }
            channel.stopWaiting();
            apply(channel, first.record(), decode(first.record()), output, false, fitted);
            for (ChannelState.Queued next = channel.waiting() ? null : channel.poll(); next != null;
                    next = channel.waiting() ? null : channel.poll()) {
                if (next.rejection() != null) {
                    rejectCountingPoison(output, next.record(), next.rejection());
                } else {
                    detect(channel, next.record(), decode(next.record()), output, false);
                }
            }
        }
    }

    /** A queued record's point (it was decoded once already: it decodes). */
    private static TelemetryPoint decode(ConsumerRecord<byte[], byte[]> record) {
        return TelemetryCodec.readPoint(record.key() == null ? null
                : new String(record.key(), StandardCharsets.UTF_8), record.value());
    }

    /**
     * The channels whose waiting changed since the committed state, on the partitions restored so far: new waits, and
     * (offset -1) channels that waited and no longer do.
     */
    private List<DetectionOutput.Waiting> waitingChanges() {
        List<DetectionOutput.Waiting> changes = new ArrayList<>();
        for (ChannelState channel : channels.values()) {
            if (!channel.waiting()) {
                continue;
            }
            CommittedState.Waiting saved = committed.waiting(channel.channel());
            if (saved == null || saved.offset() != channel.waitingFrom()) {
                changes.add(new DetectionOutput.Waiting(channel.channel(), channel.partition(),
                        channel.waitingFrom()));
            }
        }
        committed.waitingChannels().forEach((name, saved) -> {
            ChannelState channel = channels.get(name);
            if (positions.containsKey(saved.partition()) && (channel == null || !channel.waiting())) {
                changes.add(new DetectionOutput.Waiting(name, saved.partition(), -1));
            }
        });
        return changes;
    }

    private static <T> List<T> concat(List<Output> outputs, Function<Output, List<T>> part) {
        return outputs.stream().flatMap(output -> part.apply(output).stream()).toList();
    }

    private static RuntimeException unchecked(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
    }

    /**
     * Rebuilds the channels of a partition up to {@code position}, the consumer's committed offset; the records of a
     * channel that waited, from where it waited on, were never published: they go to {@code output}.
     */
    private void restore(int partition, long position, Output output) {
        Long from = committed.replayFrom(partition);
        if (from != null && from < position) {
            long[] count = {0};
            repository.replay(partition, from, position, record -> {
                handle(record, output, true);
                count[0]++;
            });
            replayed.increment(count[0]);
            LOG.infof("partition %d: re-processed %d committed records (offsets %d to %d) to rebuild channel state",
                    partition, count[0], from, position - 1);
        }
    }

    /** What one partition's records produce. */
    private static final class Output {
        final int partition;
        /** The next offset of the partition once its records are processed. */
        long position;
        final List<DetectionOutput.Raised> events = new ArrayList<>();
        final List<DetectionOutput.Rejected> rejected = new ArrayList<>();
        final List<ScoreBatch> scores = new ArrayList<>();
        /** Channels holding scored points not yet in {@link #scores}. */
        final List<ScoreRun> scoring = new ArrayList<>();

        Output(int partition) {
            this.partition = partition;
        }

        /** Closes every channel's run: the partition's scores, per channel and split run. */
        void closeScores() {
            scoring.forEach(run -> run.flush(scores));
            scoring.clear();
        }
    }

    /**
     * One record: live, or re-read by a restore ({@code restoring}), whose effects were published before unless its
     * channel waited at that point (they then go to {@code batch}).
     */
    private void handle(ConsumerRecord<byte[], byte[]> record, Output batch, boolean restoring) {
        // the channel waited here: nothing of the record was published, not even a refusal
        Output output = restoring && !neverPublished(record) ? null : batch;
        String poisonReason = poison.get(new RecordId(record.partition(), record.offset()));
        if (poisonReason != null) {
            rejectInTurn(output, record, poisonReason, restoring);
            return;
        }
        TelemetryPoint point;
        try {
            point = TelemetryCodec.readPoint(record.key() == null ? null
                    : new String(record.key(), StandardCharsets.UTF_8), record.value());
        } catch (InvalidRecordException e) {
            rejectInTurn(output, record, e.getMessage(), restoring);
            return;
        }
        ChannelState channel = channel(point, record.partition());
        if (channel.quarantine() != null) {
            reject(output, record, "channel " + point.channel() + " is quarantined: " + channel.quarantine());
            return;
        }
        if (channel.partition() != record.partition()) {
            reject(output, record, "channel " + point.channel() + " is read from partition " + channel.partition()
                    + " of " + record.topic() + "; records on partition " + record.partition() + " are refused");
            return;
        }
        if (record.offset() <= channel.checkpointOffset()) {
            return; // already part of the channel's checkpoint
        }
        if (channel.waiting()) {
            enqueue(channel, record, null, output);
            return;
        }
        detect(channel, record, point, output, restoring);
    }

    /**
     * A record that cannot be processed (poisoned, or not a valid point): dead-lettered now, or, live and keyed by a
     * channel that waits on its partition, queued behind that channel's records, so that its dead letter keeps its
     * place (a restore decides by the same key and offset whether it was published: {@link #neverPublished}).
     */
    private void rejectInTurn(Output output, ConsumerRecord<byte[], byte[]> record, String reason, boolean restoring) {
        ChannelState channel = restoring || record.key() == null ? null
                : channels.get(new String(record.key(), StandardCharsets.UTF_8));
        if (channel != null && channel.waiting() && channel.partition() == record.partition()) {
            enqueue(channel, record, reason, output);
            return;
        }
        rejectCountingPoison(output, record, reason);
    }

    /** Dead-letters a record; one that kept failing counts as poisoned too. */
    private void rejectCountingPoison(Output output, ConsumerRecord<byte[], byte[]> record, String reason) {
        reject(output, record, reason);
        if (output != null && poison.containsKey(new RecordId(record.partition(), record.offset()))) {
            poisoned.increment();
        }
    }

    /** Queues a record of a waiting channel, within the bounds ({@link #keepWithinBounds}). */
    private void enqueue(ChannelState channel, ConsumerRecord<byte[], byte[]> record, String rejection,
            Output output) {
        channel.enqueue(record, rejection);
        keepWithinBounds(channel, output);
    }

    /**
     * After {@code channel} queued a record: past {@code detector.max-waiting-records} for the channel, the partition's
     * task claims its fit (runs it, or waits for the pool's run) and processes its queue; past
     * {@code detector.max-waiting-records-total} for the whole service, it does so for its partition's channel with the
     * largest queue, till the service is within the bound (other partitions' tasks may each have queued one more
     * meanwhile).
     */
    private void keepWithinBounds(ChannelState channel, Output output) {
        while (channel.waiting() && channel.queued() > settings.maxWaitingRecords()) {
            claimFit(channel, output);
        }
        while (queuedRecords.get() > settings.maxWaitingRecordsTotal()) {
            ChannelState largest = channels.values().stream()
                    .filter(other -> other.partition() == channel.partition() && other.waiting())
                    .max(Comparator.comparingInt(ChannelState::queued)).orElse(null);
            if (largest == null) {
                return; // nothing of this partition waits: the other partitions' tasks hold the records
            }
            claimFit(largest, output);
        }
    }

    private void claimFit(ChannelState channel, Output output) {
        ChannelState.FitJob fit = channel.fit();
        fit.runIfUnclaimed(this::runFit);
        fit.result.handle((fitted, failure) -> null).join();
        drain(channel, output);
    }

    /** A record re-read by a restore: whether its channel waited at or before it (nothing of it was published). */
    private boolean neverPublished(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return false;
        }
        CommittedState.Waiting waiting = committed.waiting(new String(record.key(), StandardCharsets.UTF_8));
        return waiting != null && waiting.partition() == record.partition() && record.offset() >= waiting.offset();
    }

    /**
     * Runs the channel's detectors over a point, unless (live) the point needs a slow fit first: the fit then goes to
     * the training pool and the channel waits, from this record on.
     */
    private void detect(ChannelState channel, ConsumerRecord<byte[], byte[]> record, TelemetryPoint point,
            Output output, boolean restoring) {
        if (!restoring && training != null) {
            ChannelDetector.Fit fit;
            try {
                fit = channel.detector().fitFor(point);
            } catch (InvalidRecordException e) {
                reject(output, record, e.getMessage()); // refused before any state changed
                return;
            } catch (RuntimeException e) {
                throw ProcessingFailure.ofRecord(point.channel(), record.partition(), record.offset(), e);
            }
            if (fit != null) {
                startFit(channel, fit, record, point, output);
                return;
            }
        }
        apply(channel, record, point, output, restoring, null);
    }

    private void startFit(ChannelState channel, ChannelDetector.Fit fit, ConsumerRecord<byte[], byte[]> record,
            TelemetryPoint point, Output output) {
        ChannelState.FitJob job = new ChannelState.FitJob(fit);
        channel.startWaiting(job, record);
        training.execute(() -> job.runIfUnclaimed(this::runFit));
        job.result.whenComplete((fitted, failure) -> {
            if (channels.get(channel.channel()) == channel) { // not dropped meanwhile
                fitFinished.accept(channel.partition());
            }
        });
        keepWithinBounds(channel, output); // the record it queued counts too
    }

    private ChannelDetector.Fitted runFit(ChannelDetector.Fit fit) {
        long started = System.nanoTime();
        ChannelDetector.Fitted fitted = fit.run();
        fitDuration.record(Duration.ofNanos(System.nanoTime() - started));
        return fitted;
    }

    /** Processes a point (with the fits made for it, if any) and collects what it raised into {@code output}. */
    private void apply(ChannelState channel, ConsumerRecord<byte[], byte[]> record, TelemetryPoint point,
            Output output, boolean restoring, ChannelDetector.Fitted fitted) {
        ChannelDetector.Outcome outcome;
        try {
            outcome = channel.detector().process(point, fitted);
        } catch (InvalidRecordException e) {
            reject(output, record, e.getMessage()); // refused before any state changed
            return;
        } catch (RuntimeException e) {
            throw ProcessingFailure.ofRecord(point.channel(), record.partition(), record.offset(), e);
        }
        if (outcome.order() == ChannelDetector.Order.DUPLICATE) {
            if (output != null) {
                duplicates.increment();
            }
            return;
        }
        if (outcome.order() == ChannelDetector.Order.GAP && output != null) {
            gaps.increment();
            LOG.warnf("channel %s: points missing before %s index %d", point.channel(), point.split().wireName(),
                    point.index());
        }
        List<AnomalyEvent> raised = outcome.events();
        // a re-read record keeps its own time, so restarts do not push the max-age clock of a slow channel back
        channel.processed(record.offset(), restoring && record.timestamp() >= 0 ? record.timestamp()
                : System.currentTimeMillis());
        if (output == null) {
            return;
        }
        recordsIn.computeIfAbsent(point.spacecraft(), spacecraft -> registry.counter("detector.records.in",
                "spacecraft", spacecraft)).increment(); // a map look-up, not a registry one, per record
        for (AnomalyEvent event : raised) {
            registry.counter("detector.anomalies.out", "detector", event.detector(), "state",
                    event.state().wireName(), "spacecraft", event.spacecraft()).increment();
            output.events.add(new DetectionOutput.Raised(event, record.timestamp()));
        }
        if (settings.scores().enabled()) {
            ScoreRun run = channel.scores(point.spacecraft());
            if (run.isEmpty()) {
                output.scoring.add(run);
            }
            run.add(point.split(), point.index(), point.eventTime().toEpochMilli(), point.value(), outcome.score(),
                    output.scores);
        }
    }

    private void reject(Output output, ConsumerRecord<byte[], byte[]> record, String reason) {
        if (output != null) {
            rejected.increment();
            output.rejected.add(new DetectionOutput.Rejected(record, reason));
        }
    }

    /**
     * Snapshots of the channels that reached {@code every-points} new points, whose oldest unsaved point is too old, or
     * that hold their partition's re-read offset too far back.
     */
    private List<DetectionOutput.Checkpoint> dueCheckpoints() {
        long now = System.currentTimeMillis();
        long maxAge = settings.checkpoint().maxAge().toMillis();
        long maxReread = MAX_REREAD_FACTOR * settings.checkpoint().everyPoints();
        List<DetectionOutput.Checkpoint> due = new ArrayList<>();
        for (ChannelState channel : channels.values()) {
            if (channel.quarantine() != null || !channel.dirty() || channel.waiting()
                    || (channel.pendingPoints() < settings.checkpoint().everyPoints()
                            && now - channel.firstPendingAt() < maxAge
                            && positions.getOrDefault(channel.partition(), 0L) - channel.firstPendingOffset()
                                    < maxReread)) {
                continue;
            }
            byte[] state;
            try {
                state = channel.detector().snapshot();
            } catch (RuntimeException e) {
                throw ProcessingFailure.ofCheckpoint(channel.channel(), channel.partition(), e);
            }
            checkpointBytes.increment(state.length);
            due.add(new DetectionOutput.Checkpoint(channel.channel(), state, channel.partition(),
                    channel.lastOffset()));
        }
        return due;
    }

    /**
     * Per partition, the first offset a restore must re-read: the oldest point not in its channel's checkpoint, or
     * the next offset when every channel is saved. Only values that differ from the committed ones.
     */
    private Map<Integer, Long> replayFrom(List<DetectionOutput.Checkpoint> checkpoints) {
        Set<String> saved = new HashSet<>();
        checkpoints.forEach(checkpoint -> saved.add(checkpoint.channel()));
        Map<Integer, Long> from = new LinkedHashMap<>(positions);
        for (ChannelState channel : channels.values()) {
            if (channel.dirty() && channel.quarantine() == null && !saved.contains(channel.channel())) {
                from.merge(channel.partition(), channel.firstPendingOffset(), Math::min);
            }
            if (channel.waiting()) { // its records from there on were never published
                from.merge(channel.partition(), channel.waitingFrom(), Math::min);
            }
        }
        from.entrySet().removeIf(entry -> Objects.equals(committed.replayFrom(entry.getKey()), entry.getValue()));
        return from;
    }

    /** The channels in memory, for the operators' view. */
    public synchronized List<String> channelIds() {
        return channels.keySet().stream().sorted().toList();
    }

    private ChannelState channel(TelemetryPoint point, int partition) {
        return channels.computeIfAbsent(point.channel(), id -> create(point, partition));
    }

    private ChannelState create(TelemetryPoint point, int partition) {
        String id = point.channel();
        DetectionOutput.Quarantine pending = toQuarantine.get(id);
        String quarantine = pending != null ? pending.reason() : committed.quarantine(id);
        if (quarantine != null) {
            return ChannelState.quarantined(partition, quarantine);
        }
        CommittedState.Stored stored = committed.checkpoint(id);
        if (stored != null) {
            try {
                var restored = ChannelDetector.restore(config, stored.state());
                if (restored.isPresent()) {
                    if (stored.partition() != partition) {
                        LOG.warnf("channel %s moved from partition %d to %d: its checkpoint is used, the raw "
                                + "records since then are not re-read", id, stored.partition(), partition);
                        return ChannelState.active(restored.get(), partition, -1, queuedRecords);
                    }
                    return ChannelState.active(restored.get(), partition, stored.offset(), queuedRecords);
                }
                LOG.warnf("channel %s: checkpoint was taken under another detector configuration; starting afresh",
                        id);
            } catch (RuntimeException e) {
                LOG.errorf("channel %s: unreadable checkpoint (%s); starting afresh", id, e.toString());
            }
        }
        return ChannelState.active(new ChannelDetector(config, point.spacecraft(), id), partition, -1,
                queuedRecords);
    }
}

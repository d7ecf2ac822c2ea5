package space.telemetry.detector.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.smallrye.reactive.messaging.kafka.transactions.KafkaTransactions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.ScoreBatch;
import space.telemetry.contract.TelemetryJson;
import space.telemetry.contract.Topics;
import space.telemetry.detector.config.DetectorServiceConfig;
import space.telemetry.detector.health.ConsumerProgress;
import space.telemetry.detector.repository.CommittedState;
import space.telemetry.detector.service.DetectionOutput;
import space.telemetry.detector.service.DetectionService;

/**
 * Consumes {@code telemetry.raw} in batches, on a worker thread (which hands the batch's partitions to
 * {@code detector.workers} threads and waits for them), and in one Kafka transaction per batch publishes the anomaly
 * events (with the raising point's produce time in a header), the per-point scores, the dead letters, the due
 * checkpoints and the batch's offsets: a crash at any moment leaves either all of a batch's effects or none. The
 * transaction is driven on the producer itself, not through SmallRye's {@code KafkaTransactions}, so that the offsets
 * go while the records are in flight instead of after their acknowledgements (one broker round trip less per batch).
 *
 * <p>After any failed batch (aborted, refused, or whose transaction could not even begin) the consumer is moved back to
 * the committed offsets in one step on the polling thread ({@link PartitionRebalanceListener#rewind}); a step that
 * fails is tried again on a timer. A batch that fails after detection (while its records are sent or its transaction
 * committed) may have been committed or not: the committed state and offsets are then read back from the broker in
 * that same step, as at an assignment.
 *
 * <p>When a channel's model fit finishes and no batch of its partition may come (the end of a replay), the consumer
 * is moved back one record on that partition: the batch re-delivering it (skipped) processes the waiting records.
 */
@ApplicationScoped
public class TelemetryConsumer {
    private static final Logger LOG = Logger.getLogger(TelemetryConsumer.class);
    /** Wait before a failed rewind is tried again. */
    private static final long REWIND_RETRY_SECONDS = 5;
    private final DetectionService detection;
    private final ConsumerProgress progress;
    private final String stateTopic;
    private final KafkaClientService kafka;
    private final PartitionRebalanceListener rebalance;
    private final Timer cycle;
    /** A rewind failed and none has succeeded since: the timer tries again. */
    private final AtomicBoolean rewindPending = new AtomicBoolean();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "detector-rewind-retry");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param outgoing not used: it declares the channel, so that SmallRye creates its transactional producer (with
     *                 {@code initTransactions}), which {@link #consume} drives directly
     */
    public TelemetryConsumer(DetectionService detection, DetectorServiceConfig config, ConsumerProgress progress,
            @Channel(Channels.DETECTOR_OUT) KafkaTransactions<byte[]> outgoing, KafkaClientService kafka,
            @Identifier(Channels.REBALANCE_LISTENER) PartitionRebalanceListener rebalance, MeterRegistry registry) {
        this.detection = detection;
        this.progress = progress;
        this.stateTopic = config.stateTopic();
        this.kafka = kafka;
        this.rebalance = rebalance;
        this.cycle = Timer.builder("detector.transaction.duration")
                .description("One committed batch: detection, sends, offsets and commit").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
        detection.onFitFinished(this::bringBatch);
    }

    @PreDestroy
    void stopRetries() {
        retries.shutdownNow();
    }

    /**
     * Makes sure a batch of {@code partition} comes: when the consumer stands at the committed offset (nothing of the
     * partition fetched and unprocessed), it goes back one record, which the batch re-delivers and detection skips.
     * Never before the committed offset, so the batch's offsets never move the committed ones back.
     */
    void bringBatch(int partition) {
        var consumer = kafka.getConsumer(Channels.TELEMETRY_IN);
        if (consumer == null) {
            return;
        }
        TopicPartition raw = new TopicPartition(Topics.RAW, partition);
        consumer.runOnPollingThread(c -> {
            Long committed = detection.committedPosition(partition);
            if (committed != null && committed > 0 && c.assignment().contains(raw) && c.position(raw) == committed) {
                c.seek(raw, committed - 1);
            }
        }).subscribe().with(done -> { }, failure -> { }); // a failed attempt: the next commit tries again
    }

    @Incoming(Channels.TELEMETRY_IN)
    @Blocking(ordered = true) // detection is CPU work (and a restore blocking I/O): never on the event loop
    public Uni<Void> consume(KafkaRecordBatch<byte[], byte[]> batch) {
        IncomingKafkaRecordBatchMetadata<byte[], byte[]> metadata = batch
                .getMetadata(IncomingKafkaRecordBatchMetadata.class).orElseThrow();
        DetectionOutput output = null;
        Producer<byte[], byte[]> producer = null;
        boolean committing = false;
        long started = System.nanoTime();
        try {
            Producer<byte[], byte[]> client = producer();
            ConsumerGroupMetadata group = groupOf(metadata);
            client.beginTransaction();
            producer = client;
            output = detection.process(metadata.getRecords());
            send(client, output);
            // the offsets go while the records are still in flight: the commit makes both visible, or neither
            client.sendOffsetsToTransaction(offsets(metadata), group);
            committing = true;
            client.commitTransaction(); // waits for every send: throws when one failed
            cycle.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            detection.committed(output);
            progress.committed();
            return Uni.createFrom().voidItem();
        } catch (RuntimeException failure) {
            end(producer, committing && failure instanceof TimeoutException);
            detection.rollback(failure);
            progress.failed(failure);
            if (output != null) {
                // failed while sending or committing: the commit's outcome is unknown (a timeout, a fenced producer,
                // an unreachable broker), so what this instance holds for committed may not be what the broker has
                detection.commitOutcomeUnknown();
                LOG.warn("the batch failed while its transaction was sent or committed: reading the committed state "
                        + "back");
            }
            return rewind();
        }
    }

    /** The transactional producer of {@link Channels#DETECTOR_OUT}, which SmallRye created at start-up. */
    private Producer<byte[], byte[]> producer() {
        var producer = kafka.<byte[], byte[]>getProducer(Channels.DETECTOR_OUT);
        Producer<byte[], byte[]> client = producer == null ? null : producer.unwrap();
        if (client == null) {
            throw new IllegalStateException("the transactional producer of " + Channels.DETECTOR_OUT + " is not ready");
        }
        return client;
    }

    /** The consumer's group metadata, when the batch comes from its current generation (else a rebalance came). */
    private ConsumerGroupMetadata groupOf(IncomingKafkaRecordBatchMetadata<byte[], byte[]> metadata) {
        ConsumerGroupMetadata group = kafka.getConsumer(Channels.TELEMETRY_IN).consumerGroupMetadata()
                .await().indefinitely();
        if (group.generationId() != metadata.getConsumerGroupGenerationId()) {
            throw new IllegalStateException("the batch was polled in group generation "
                    + metadata.getConsumerGroupGenerationId() + ", the consumer is in " + group.generationId());
        }
        return group;
    }

    private void send(Producer<byte[], byte[]> producer, DetectionOutput output) {
        output.events().forEach(event -> producer.send(anomaly(event)));
        output.scores().forEach(scores -> producer.send(scores(scores)));
        output.rejected().forEach(rejected -> producer.send(deadLetter(rejected)));
        output.checkpoints().forEach(checkpoint -> producer.send(checkpoint(checkpoint)));
        output.quarantines().forEach(quarantine -> producer.send(quarantine(quarantine)));
        output.replayFrom().forEach((partition, offset) -> producer.send(replayFrom(partition, offset)));
        output.waiting().forEach(waiting -> producer.send(waiting(waiting)));
    }

    /** The next offset of every partition in the batch. */
    private static Map<TopicPartition, OffsetAndMetadata> offsets(
            IncomingKafkaRecordBatchMetadata<byte[], byte[]> metadata) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        metadata.getOffsets().forEach((partition, last) ->
                next.put(partition, new OffsetAndMetadata(last.offset() + 1)));
        return next;
    }

    /**
     * Ends a failed batch's transaction when it began: aborts it, or, when its commit timed out, completes the commit.
     * A commit or abort that timed out is all Kafka lets the producer do next, so it is called again until it
     * succeeds or fails otherwise (the broker still unreachable: it waits here, where no batch could go on anyway),
     * before the committed state is read back. Another failure (a fenced producer) is logged: the next batch fails too.
     */
    private static void end(Producer<byte[], byte[]> producer, boolean commitTimedOut) {
        if (producer == null) {
            return;
        }
        try {
            while (true) {
                try {
                    if (commitTimedOut) {
                        producer.commitTransaction();
                    } else {
                        producer.abortTransaction();
                    }
                    return;
                } catch (TimeoutException again) {
                    LOG.warnf("the failed batch's transaction %s timed out: trying again",
                            commitTimedOut ? "commit" : "abort");
                }
            }
        } catch (RuntimeException ending) {
            LOG.warnf("the failed batch's transaction could not be ended: %s", ending.toString());
        }
    }

    /**
     * Moves the consumer back to the committed offsets, reading the committed state back if it is unknown, and a
     * partition where a channel waits one record further (its restore then publishes the waiting records), in one
     * step on the polling thread. A failure (the broker unreachable) is tried again on a timer; meanwhile a batch that
     * starts after the committed offset, or comes while the committed state is unknown, is refused.
     */
    private Uni<Void> rewind() {
        var consumer = kafka.getConsumer(Channels.TELEMETRY_IN);
        if (consumer == null) {
            return Uni.createFrom().voidItem();
        }
        return consumer.runOnPollingThread(c -> {
            rebalance.rewind(c, detection.committedStateUnknown());
            rewindPending.set(false);
        }).onFailure().recoverWithItem(rewindFailure -> {
            progress.failed(rewindFailure);
            LOG.warnf("cannot move the consumer back to the committed offsets (%s): trying again in %d s",
                    rewindFailure.toString(), REWIND_RETRY_SECONDS);
            if (!rewindPending.getAndSet(true)) {
                retries.schedule(this::retryRewind, REWIND_RETRY_SECONDS, TimeUnit.SECONDS);
            }
            return null;
        }).replaceWithVoid();
    }

    private void retryRewind() {
        if (rewindPending.getAndSet(false)) { // a rewind after a later batch may have succeeded meanwhile
            rewind().subscribe().with(done -> { }, failure -> { }); // rewind() recovers and schedules the next try
        }
    }

    private static ProducerRecord<byte[], byte[]> anomaly(DetectionOutput.Raised raised) {
        RecordHeaders headers = new RecordHeaders();
        if (raised.pointProducedAt() >= 0) {
            headers.add(Topics.POINT_PRODUCED_AT,
                    Long.toString(raised.pointProducedAt()).getBytes(StandardCharsets.UTF_8));
        }
        AnomalyEvent event = raised.event();
        return record(Topics.ANOMALIES, event.channel(), TelemetryJson.write(event), headers);
    }

    private static ProducerRecord<byte[], byte[]> scores(ScoreBatch scores) {
        return record(Topics.SCORES, scores.channel(), TelemetryJson.write(scores), new RecordHeaders());
    }

    private static ProducerRecord<byte[], byte[]> deadLetter(DetectionOutput.Rejected rejected) {
        ConsumerRecord<byte[], byte[]> source = rejected.record();
        RecordHeaders headers = new RecordHeaders(source.headers().toArray());
        headers.add(Topics.DLQ_REASON, CommittedState.bytes(rejected.reason()));
        headers.add(Topics.DLQ_TOPIC, CommittedState.bytes(source.topic()));
        headers.add(Topics.DLQ_PARTITION, CommittedState.bytes(Integer.toString(source.partition())));
        headers.add(Topics.DLQ_OFFSET, CommittedState.bytes(Long.toString(source.offset())));
        return new ProducerRecord<>(Topics.DLQ, null, source.key(), source.value(), headers);
    }

    private ProducerRecord<byte[], byte[]> checkpoint(DetectionOutput.Checkpoint checkpoint) {
        return record(stateTopic, checkpoint.channel(), checkpoint.state(),
                CommittedState.checkpointHeaders(checkpoint.partition(), checkpoint.offset()));
    }

    private ProducerRecord<byte[], byte[]> quarantine(DetectionOutput.Quarantine quarantine) {
        return record(stateTopic, quarantine.channel(), new byte[0],
                CommittedState.quarantineHeaders(quarantine.partition(), quarantine.reason()));
    }

    private ProducerRecord<byte[], byte[]> replayFrom(int partition, long offset) {
        return record(stateTopic, CommittedState.REPLAY_FROM_PREFIX + partition,
                CommittedState.bytes(Long.toString(offset)), new RecordHeaders());
    }

    private ProducerRecord<byte[], byte[]> waiting(DetectionOutput.Waiting waiting) {
        byte[] value = waiting.offset() < 0 ? new byte[0] : CommittedState.bytes(Long.toString(waiting.offset()));
        return record(stateTopic, CommittedState.WAITING_PREFIX + waiting.channel(), value,
                CommittedState.waitingHeaders(waiting.partition()));
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value,
            RecordHeaders headers) {
        return new ProducerRecord<>(topic, null, key.getBytes(StandardCharsets.UTF_8), value, headers);
    }
}

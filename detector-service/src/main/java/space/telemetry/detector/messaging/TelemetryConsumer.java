package space.telemetry.detector.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.transactions.KafkaTransactions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
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
import space.telemetry.http.metrics.Histograms;

/**
 * Consumes {@code telemetry.raw} in batches, on a worker thread (which hands the batch's partitions to
 * {@code detector.workers} threads and waits for them), and in one Kafka transaction per batch publishes the anomaly
 * events (with the raising point's produce time in a header), the per-point scores, the dead letters, the due
 * checkpoints and the batch's offsets: a crash at any moment leaves either all of a batch's effects or none.
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
    private final KafkaTransactions<byte[]> transactions;
    private final ConsumerProgress progress;
    private final String stateTopic;
    private final KafkaClientService kafka;
    private final PartitionRebalanceListener rebalance;
    private final Timer transactionTimer;
    /** A rewind failed and none has succeeded since: the timer tries again. */
    private final AtomicBoolean rewindPending = new AtomicBoolean();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "detector-rewind-retry");
        thread.setDaemon(true);
        return thread;
    });

    public TelemetryConsumer(DetectionService detection, DetectorServiceConfig config, ConsumerProgress progress,
            @Channel(Channels.DETECTOR_OUT) KafkaTransactions<byte[]> transactions, KafkaClientService kafka,
            @Identifier(Channels.REBALANCE_LISTENER) PartitionRebalanceListener rebalance, MeterRegistry registry) {
        this.detection = detection;
        this.transactions = transactions;
        this.progress = progress;
        this.stateTopic = config.stateTopic();
        this.kafka = kafka;
        this.rebalance = rebalance;
        this.transactionTimer = Histograms.timer(registry, "detector.transaction.duration",
                "One committed batch: detection, sends, offsets and commit", Duration.ofMinutes(1));
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
        ConsumerRecords<byte[], byte[]> records = batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .orElseThrow().getRecords();
        AtomicReference<DetectionOutput> produced = new AtomicReference<>();
        long started = System.nanoTime();
        // withTransaction, not withTransactionAndAck: that one turns an aborted transaction into a success
        return transactions.withTransaction(batch, emitter -> {
            DetectionOutput output = detection.process(records);
            produced.set(output);
            output.events().forEach(event -> emitter.send(anomaly(event)));
            output.scores().forEach(scores -> emitter.send(scores(scores)));
            output.rejected().forEach(rejected -> emitter.send(deadLetter(rejected)));
            output.checkpoints().forEach(checkpoint -> emitter.send(checkpoint(checkpoint)));
            output.quarantines().forEach(quarantine -> emitter.send(quarantine(quarantine)));
            output.replayFrom().forEach((partition, offset) -> emitter.send(replayFrom(partition, offset)));
            output.waiting().forEach(waiting -> emitter.send(waiting(waiting)));
            return Uni.createFrom().voidItem();
        }).invoke(() -> {
            transactionTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            detection.committed(produced.get());
            progress.committed();
        }).onFailure().recoverWithUni(failure -> {
            // aborted (SmallRye then resets the consumer, unless the reset fails), refused, or the transaction could
            // not even begin (no abort, no reset: the consumer stands past the batch): rewind it ourselves
            detection.rollback(failure);
            progress.failed(failure);
            if (produced.get() != null) {
                // failed while sending or committing: the commit's outcome is unknown (a timeout, a fenced producer,
                // an unreachable broker), so what this instance holds for committed may not be what the broker has
                detection.commitOutcomeUnknown();
                LOG.warn("the batch failed while its transaction was sent or committed: reading the committed state "
                        + "back");
            }
            return rewind();
        });
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

    private static Message<byte[]> anomaly(DetectionOutput.Raised raised) {
        RecordHeaders headers = new RecordHeaders();
        if (raised.pointProducedAt() >= 0) {
            headers.add(Topics.POINT_PRODUCED_AT,
                    Long.toString(raised.pointProducedAt()).getBytes(StandardCharsets.UTF_8));
        }
        AnomalyEvent event = raised.event();
        return record(Topics.ANOMALIES, event.channel(), TelemetryJson.write(event), headers);
    }

    private static Message<byte[]> scores(ScoreBatch scores) {
        return record(Topics.SCORES, scores.channel(), TelemetryJson.write(scores), new RecordHeaders());
    }

    private static Message<byte[]> deadLetter(DetectionOutput.Rejected rejected) {
        ConsumerRecord<byte[], byte[]> source = rejected.record();
        RecordHeaders headers = new RecordHeaders(source.headers().toArray());
        headers.add(Topics.DLQ_REASON, CommittedState.bytes(rejected.reason()));
        headers.add(Topics.DLQ_TOPIC, CommittedState.bytes(source.topic()));
        headers.add(Topics.DLQ_PARTITION, CommittedState.bytes(Integer.toString(source.partition())));
        headers.add(Topics.DLQ_OFFSET, CommittedState.bytes(Long.toString(source.offset())));
        return Message.of(source.value()).addMetadata(OutgoingKafkaRecordMetadata.<byte[]>builder()
                .withTopic(Topics.DLQ).withKey(source.key()).withHeaders(headers).build());
    }

    private Message<byte[]> checkpoint(DetectionOutput.Checkpoint checkpoint) {
        return record(stateTopic, checkpoint.channel(), checkpoint.state(),
                CommittedState.checkpointHeaders(checkpoint.partition(), checkpoint.offset()));
    }

    private Message<byte[]> quarantine(DetectionOutput.Quarantine quarantine) {
        return record(stateTopic, quarantine.channel(), new byte[0],
                CommittedState.quarantineHeaders(quarantine.partition(), quarantine.reason()));
    }

    private Message<byte[]> replayFrom(int partition, long offset) {
        return record(stateTopic, CommittedState.REPLAY_FROM_PREFIX + partition,
                CommittedState.bytes(Long.toString(offset)), new RecordHeaders());
    }

    private Message<byte[]> waiting(DetectionOutput.Waiting waiting) {
        byte[] value = waiting.offset() < 0 ? new byte[0] : CommittedState.bytes(Long.toString(waiting.offset()));
        return record(stateTopic, CommittedState.WAITING_PREFIX + waiting.channel(), value,
                CommittedState.waitingHeaders(waiting.partition()));
    }

    private static Message<byte[]> record(String topic, String key, byte[] value, RecordHeaders headers) {
        return Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<byte[]>builder()
                .withTopic(topic).withKey(key.getBytes(StandardCharsets.UTF_8)).withHeaders(headers).build());
    }
}

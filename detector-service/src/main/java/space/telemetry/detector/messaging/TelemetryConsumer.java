package space.telemetry.detector.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.transactions.KafkaTransactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import space.telemetry.core.model.AnomalyEvent;
import space.telemetry.core.model.TelemetryJson;
import space.telemetry.core.model.Topics;
import space.telemetry.detector.config.DetectorServiceConfig;
import space.telemetry.detector.service.DetectionOutput;
import space.telemetry.detector.service.DetectionService;

/**
 * Consumes {@code telemetry.raw} in batches and, in one Kafka transaction per batch, publishes the anomaly events,
 * the dead letters, the channels' checkpoints and the batch's offsets: a crash at any moment leaves either all of
 * a batch's effects or none.
 */
@ApplicationScoped
public class TelemetryConsumer {
    private static final Logger LOG = Logger.getLogger(TelemetryConsumer.class);

    private final DetectionService detection;
    private final KafkaTransactions<byte[]> transactions;
    private final String stateTopic;

    public TelemetryConsumer(DetectionService detection, DetectorServiceConfig config,
            @Channel(Channels.DETECTOR_OUT) KafkaTransactions<byte[]> transactions) {
        this.detection = detection;
        this.transactions = transactions;
        this.stateTopic = config.stateTopic();
    }

    @Incoming(Channels.TELEMETRY_IN)
    public Uni<Void> consume(KafkaRecordBatch<byte[], byte[]> batch) {
        ConsumerRecords<byte[], byte[]> records = batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .orElseThrow().getRecords();
        DetectionOutput[] produced = new DetectionOutput[1];
        return transactions.withTransactionAndAck(batch, emitter -> {
            DetectionOutput output = detection.process(records);
            produced[0] = output;
            output.events().forEach(event -> emitter.send(anomaly(event)));
            output.rejected().forEach(rejected -> emitter.send(deadLetter(rejected)));
            output.checkpoints().forEach(checkpoint -> emitter.send(checkpoint(checkpoint)));
            return Uni.createFrom().voidItem();
        }).invoke(() -> detection.committed(produced[0].checkpoints()))
                .onFailure().recoverWithUni(failure -> {
                    // the transaction was aborted and the consumer rewound to the last committed offsets
                    LOG.warnf("batch of %d records rolled back, it will be processed again: %s", records.count(),
                            failure.toString());
                    detection.rollback();
                    return Uni.createFrom().voidItem();
                });
    }

    private static Message<byte[]> anomaly(AnomalyEvent event) {
        return record(Topics.ANOMALIES, event.channel().getBytes(StandardCharsets.UTF_8), TelemetryJson.write(event),
                new RecordHeaders());
    }

    private static Message<byte[]> deadLetter(DetectionOutput.Rejected rejected) {
        ConsumerRecord<byte[], byte[]> source = rejected.record();
        RecordHeaders headers = new RecordHeaders(source.headers().toArray());
        headers.add(Topics.DLQ_REASON, rejected.reason().getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.DLQ_TOPIC, source.topic().getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.DLQ_PARTITION, Integer.toString(source.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.DLQ_OFFSET, Long.toString(source.offset()).getBytes(StandardCharsets.UTF_8));
        return record(Topics.DLQ, source.key(), source.value(), headers);
    }

    private Message<byte[]> checkpoint(DetectionOutput.Checkpoint checkpoint) {
        return record(stateTopic, checkpoint.channel().getBytes(StandardCharsets.UTF_8), checkpoint.state(),
                new RecordHeaders());
    }

    private static Message<byte[]> record(String topic, byte[] key, byte[] value, RecordHeaders headers) {
        return Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<byte[]>builder()
                .withTopic(topic).withKey(key).withHeaders(headers).build());
    }
}

package space.telemetry.detector.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import space.telemetry.detector.service.DetectionService;

/**
 * On every partition assignment, loads the assigned partitions' committed state before any record is processed; a
 * partition where a channel waited for a model fit is moved back one record, so that a batch comes and restores it.
 */
@ApplicationScoped
@Identifier(Channels.REBALANCE_LISTENER)
public class PartitionRebalanceListener implements KafkaConsumerRebalanceListener {
    private final DetectionService detection;

    public PartitionRebalanceListener(DetectionService detection) {
        this.detection = detection;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // runs on the polling thread, where blocking is allowed; the consumer's full assignment, not only the new part
        Set<TopicPartition> assignment = consumer.assignment();
        Map<Integer, Long> committedOffsets = new HashMap<>();
        consumer.committed(assignment).forEach((partition, offset) -> {
            if (offset != null) {
                committedOffsets.put(partition.partition(), offset.offset());
            }
        });
        detection.assign(assignment.stream().map(TopicPartition::partition).collect(Collectors.toSet()),
                committedOffsets);
        Set<Integer> waiting = detection.waitingPartitions();
        for (TopicPartition partition : assignment) {
            Long committed = committedOffsets.get(partition.partition());
            if (committed != null && committed > 0 && waiting.contains(partition.partition())) {
                consumer.seek(partition, committed - 1); // the re-delivered record is skipped
            }
        }
    }
}

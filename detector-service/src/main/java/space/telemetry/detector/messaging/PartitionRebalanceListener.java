package space.telemetry.detector.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import space.telemetry.detector.service.DetectionService;

/**
 * On every partition assignment, loads the assigned partitions' committed state before any record is processed; a
 * partition where a channel waited for a model fit is moved back one record, so that a batch comes and restores it.
 * After a failed batch, {@link #rewind} moves the consumer back to the committed offsets the same way.
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
        // runs on the polling thread, where blocking is allowed; the consumer's full assignment, not only the new part;
        // a new assignment stands at the committed offsets
        Set<TopicPartition> assignment = consumer.assignment();
        Map<Integer, Long> committedOffsets = committedOffsets(consumer, assignment);
        assign(assignment, committedOffsets);
        seekBackWhereWaiting(consumer, assignment, committedOffsets);
    }

    /**
     * After a failed batch, on the polling thread, in one step: every assigned partition back to its committed offset
     * (its beginning when it has none), the committed state read back when {@code readState} (as at an assignment),
     * a partition where a channel waits one record further back, and every partition resumed (a reset that failed
     * halfway may have left them paused). Throws when the broker cannot be reached: the caller tries again.
     */
    public void rewind(Consumer<?, ?> consumer, boolean readState) {
        Set<TopicPartition> assignment = consumer.assignment();
        Map<Integer, Long> committedOffsets = committedOffsets(consumer, assignment);
        List<TopicPartition> none = new ArrayList<>();
        for (TopicPartition partition : assignment) {
            Long committed = committedOffsets.get(partition.partition());
            if (committed != null) {
                consumer.seek(partition, committed);
            } else {
                none.add(partition);
            }
        }
        if (!none.isEmpty()) {
            consumer.seekToBeginning(none); // auto.offset.reset=earliest, as at a first assignment
        }
        if (readState) {
            assign(assignment, committedOffsets);
        }
        seekBackWhereWaiting(consumer, assignment, committedOffsets);
        consumer.resume(assignment);
    }

    private static Map<Integer, Long> committedOffsets(Consumer<?, ?> consumer, Set<TopicPartition> assignment) {
        Map<Integer, Long> committedOffsets = new HashMap<>();
        consumer.committed(assignment).forEach((partition, offset) -> {
            if (offset != null) {
                committedOffsets.put(partition.partition(), offset.offset());
            }
        });
        return committedOffsets;
    }

    private void assign(Set<TopicPartition> assignment, Map<Integer, Long> committedOffsets) {
        detection.assign(assignment.stream().map(TopicPartition::partition).collect(Collectors.toSet()),
                committedOffsets);
    }

    /** Only from the committed offsets (the consumer stands there), so that offsets never move back. */
    private void seekBackWhereWaiting(Consumer<?, ?> consumer, Set<TopicPartition> assignment,
            Map<Integer, Long> committedOffsets) {
        Set<Integer> waiting = detection.waitingPartitions();
        for (TopicPartition partition : assignment) {
            Long committed = committedOffsets.get(partition.partition());
            if (committed != null && committed > 0 && waiting.contains(partition.partition())) {
                consumer.seek(partition, committed - 1); // the re-delivered record is skipped
            }
        }
    }
}

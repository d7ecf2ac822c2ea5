package space.telemetry.detector.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import space.telemetry.detector.service.DetectionService;

/** On every partition assignment, loads the assigned partitions' committed state before any record is processed. */
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
        detection.assign(consumer.assignment().stream().map(TopicPartition::partition).collect(Collectors.toSet()));
    }
}

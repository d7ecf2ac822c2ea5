package space.telemetry.detector.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import space.telemetry.core.detect.ChannelDetector;
import space.telemetry.core.detect.DetectionConfig;
import space.telemetry.core.model.AnomalyEvent;
import space.telemetry.core.model.InvalidRecordException;
import space.telemetry.core.model.TelemetryJson;
import space.telemetry.core.model.TelemetryPoint;
import space.telemetry.detector.repository.DetectorStateRepository;

/**
 * Runs every channel's detectors over batches of raw records. Channel state lives in memory and is reloaded from
 * the committed checkpoints whenever partitions are assigned or a transaction aborts.
 */
@ApplicationScoped
public class DetectionService {
    private static final Logger LOG = Logger.getLogger(DetectionService.class);

    private final DetectionConfig config;
    private final DetectorStateRepository repository;
    private final MeterRegistry registry;
    private final Map<String, ChannelDetector> channels = new HashMap<>();
    private final Counter duplicates;
    private final Counter gaps;
    private final Counter rejected;
    private final Timer batchTimer;
    private final Timer detectionLatency;
    private Map<String, byte[]> checkpoints = Map.of(); // last committed state of each channel

    public DetectionService(DetectionConfig config, DetectorStateRepository repository, MeterRegistry registry) {
        this.config = config;
        this.repository = repository;
        this.registry = registry;
        this.duplicates = Counter.builder("detector.records.duplicate")
                .description("Points skipped because they were already processed").register(registry);
        this.gaps = Counter.builder("detector.records.gap")
                .description("Points that arrived after missing points").register(registry);
        this.rejected = Counter.builder("detector.records.rejected")
                .description("Records sent to the dead-letter topic").register(registry);
        this.batchTimer = Timer.builder("detector.batch.duration")
                .description("Time to run the detectors over one batch").register(registry);
        this.detectionLatency = Timer.builder("detector.detection.latency")
                .description("From a point's arrival in Kafka to the event it raised").publishPercentiles(0.5, 0.95)
                .register(registry);
    }

    /** Forgets the in-memory channels and reads the committed checkpoints again (blocking). */
    public synchronized void reload() {
        checkpoints = repository.loadAll();
        channels.clear();
        LOG.infof("loaded %d channel checkpoints", checkpoints.size());
    }

    /** Records the checkpoints of a committed batch: they are what {@link #rollback} returns to. */
    public synchronized void committed(List<DetectionOutput.Checkpoint> saved) {
        Map<String, byte[]> updated = new HashMap<>(checkpoints);
        saved.forEach(checkpoint -> updated.put(checkpoint.channel(), checkpoint.state()));
        checkpoints = updated;
    }

    /** Drops the effects of an aborted batch: channels are restored from their last committed checkpoints. */
    public synchronized void rollback() {
        channels.clear();
    }

    /** Processes a batch in order; the caller must publish the output atomically with the batch's offsets. */
    public synchronized DetectionOutput process(Iterable<ConsumerRecord<byte[], byte[]>> batch) {
        long started = System.nanoTime();
        List<AnomalyEvent> events = new ArrayList<>();
        List<DetectionOutput.Rejected> rejects = new ArrayList<>();
        Map<String, ChannelDetector> touched = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            TelemetryPoint point;
            try {
                point = TelemetryJson.readPoint(record.key() == null ? null
                        : new String(record.key(), StandardCharsets.UTF_8), record.value());
            } catch (InvalidRecordException e) {
                rejected.increment();
                rejects.add(new DetectionOutput.Rejected(record, e.getMessage()));
                continue;
            }
            ChannelDetector channel = channel(point);
            ChannelDetector.Order order = channel.order(point);
            if (order == ChannelDetector.Order.DUPLICATE) {
                duplicates.increment();
                continue;
            }
            if (order == ChannelDetector.Order.GAP) {
                gaps.increment();
                LOG.warnf("channel %s: points missing before %s index %d", point.channel(), point.split().wireName(),
                        point.index());
            }
            List<AnomalyEvent> raised = channel.process(point);
            registry.counter("detector.records.in", "spacecraft", point.spacecraft()).increment();
            for (AnomalyEvent event : raised) {
                registry.counter("detector.anomalies.out", "detector", event.detector(), "state",
                        event.state().wireName(), "spacecraft", event.spacecraft()).increment();
                detectionLatency.record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - record.timestamp())));
            }
            events.addAll(raised);
            touched.put(point.channel(), channel);
        }
        List<DetectionOutput.Checkpoint> saved = touched.values().stream()
                .map(channel -> new DetectionOutput.Checkpoint(channel.channel(), channel.snapshot())).toList();
        batchTimer.record(Duration.ofNanos(System.nanoTime() - started));
        return new DetectionOutput(events, rejects, saved);
    }

    /** The channels in memory with their positions, for the operators' view. */
    public synchronized List<String> channelIds() {
        return channels.keySet().stream().sorted().toList();
    }

    private ChannelDetector channel(TelemetryPoint point) {
        return channels.computeIfAbsent(point.channel(), id -> {
            byte[] checkpoint = checkpoints.get(id);
            if (checkpoint != null) {
                try {
                    var restored = ChannelDetector.restore(config, checkpoint);
                    if (restored.isPresent()) {
                        return restored.get();
                    }
                    LOG.warnf("channel %s: checkpoint was taken under another detector configuration; starting afresh", id);
                } catch (IllegalArgumentException e) {
                    LOG.errorf("channel %s: unreadable checkpoint (%s); starting afresh", id, e.getMessage());
                }
            }
            return new ChannelDetector(config, point.spacecraft(), id);
        });
    }
}

package space.telemetry.detector.repository;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;
import space.telemetry.contract.Topics;

/**
 * What {@code telemetry.detector-state} holds for some raw partitions: each channel's last checkpoint (or its
 * quarantine) and, per partition, the offset from which a restore re-reads the raw topic.
 *
 * <p>Record shapes on the topic: key = channel, value = snapshot, headers {@value #PARTITION} and {@value #OFFSET}
 * (the raw record the snapshot includes last); key = channel, empty value, header {@value #QUARANTINE} = reason;
 * key = {@value #REPLAY_FROM_PREFIX}{partition}, value = offset as text; key = {@value #WAITING_PREFIX}{channel},
 * value = offset as text (the channel's first raw record not processed yet: it waits for a model fit, its records
 * from there on were never published) or empty (it no longer waits), header {@value #PARTITION}.
 */
public final class CommittedState {
    private static final Logger LOG = Logger.getLogger(CommittedState.class);
    public static final String PARTITION = "raw-partition";
    public static final String OFFSET = "raw-offset";
    public static final String QUARANTINE = "quarantine";
    /** Never a channel name: channel names start with a letter or a digit. */
    public static final String REPLAY_FROM_PREFIX = "#replay-from/";
    public static final String WAITING_PREFIX = Topics.WAITING_PREFIX;

    /** A channel's committed checkpoint. */
    public record Stored(byte[] state, int partition, long offset) {
    }

    private final Map<String, Stored> checkpoints = new HashMap<>();
    private final Map<String, String> quarantines = new HashMap<>();
    private final Map<Integer, Long> replayFrom = new HashMap<>();
    private final Map<String, Waiting> waiting = new HashMap<>();

    /** A channel that waited for a fit when its partition was last committed: its records from {@code offset} on. */
    public record Waiting(int partition, long offset) {
    }

    public Stored checkpoint(String channel) {
        return checkpoints.get(channel);
    }

    public String quarantine(String channel) {
        return quarantines.get(channel);
    }

    /** Where a restore of {@code partition} starts re-reading the raw topic; null when nothing was committed. */
    public Long replayFrom(int partition) {
        return replayFrom.get(partition);
    }

    /** Whether {@code channel} waited for a fit, and from which record on; null when not. */
    public Waiting waiting(String channel) {
        return waiting.get(channel);
    }

    /** The channels that waited for a fit, by name. */
    public Map<String, Waiting> waitingChannels() {
        return Map.copyOf(waiting);
    }

    public void saveWaiting(String channel, int partition, long offset) {
        if (offset < 0) {
            waiting.remove(channel);
        } else {
            waiting.put(channel, new Waiting(partition, offset));
        }
    }

    public int channels() {
        return checkpoints.size();
    }

    public void saveCheckpoint(String channel, byte[] state, int partition, long offset) {
        checkpoints.put(channel, new Stored(state, partition, offset));
    }

    public void saveQuarantine(String channel, String reason) {
        checkpoints.remove(channel);
        quarantines.put(channel, reason);
    }

    public void saveReplayFrom(int partition, long offset) {
        replayFrom.put(partition, offset);
    }

    /** Applies one record of the state topic, keeping only what concerns {@code partitions}; skips malformed ones. */
    void apply(String key, byte[] value, Headers headers, Set<Integer> partitions) {
        if (key == null) {
            return;
        }
        try {
            applyWellFormed(key, value, headers, partitions);
        } catch (NumberFormatException e) {
            LOG.errorf("%s: malformed state record for key %s (%s): ignored", Topics.DETECTOR_STATE, key,
                    e.getMessage());
        }
    }

    private void applyWellFormed(String key, byte[] value, Headers headers, Set<Integer> partitions) {
        if (key.startsWith(REPLAY_FROM_PREFIX)) {
            int partition = Integer.parseInt(key.substring(REPLAY_FROM_PREFIX.length()));
            if (partitions.contains(partition) && value != null) {
                replayFrom.put(partition, Long.parseLong(new String(value, StandardCharsets.UTF_8)));
            }
            return;
        }
        if (key.startsWith(WAITING_PREFIX)) {
            String channel = key.substring(WAITING_PREFIX.length());
            waiting.remove(channel);
            String partition = text(headers, PARTITION);
            if (value != null && value.length > 0 && partition != null
                    && partitions.contains(Integer.parseInt(partition))) {
                waiting.put(channel, new Waiting(Integer.parseInt(partition),
                        Long.parseLong(new String(value, StandardCharsets.UTF_8))));
            }
            return;
        }
        checkpoints.remove(key);
        quarantines.remove(key);
        String partitionHeader = text(headers, PARTITION);
        if (value == null || partitionHeader == null || !partitions.contains(Integer.parseInt(partitionHeader))) {
            return;
        }
        String quarantine = text(headers, QUARANTINE);
        if (quarantine != null) {
            quarantines.put(key, quarantine);
        } else {
            checkpoints.put(key, new Stored(value, Integer.parseInt(partitionHeader),
                    Long.parseLong(text(headers, OFFSET))));
        }
    }

    /** Headers of a checkpoint record. */
    public static RecordHeaders checkpointHeaders(int partition, long offset) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(PARTITION, bytes(Integer.toString(partition)));
        headers.add(OFFSET, bytes(Long.toString(offset)));
        return headers;
    }

    /** Headers of a waiting record. */
    public static RecordHeaders waitingHeaders(int partition) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(PARTITION, bytes(Integer.toString(partition)));
        return headers;
    }

    /** Headers of a quarantine record. */
    public static RecordHeaders quarantineHeaders(int partition, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(PARTITION, bytes(Integer.toString(partition)));
        headers.add(QUARANTINE, bytes(reason));
        return headers;
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

package space.telemetry.detector.service;

/**
 * A batch failed because of one record ({@code partition}/{@code offset} set) or one channel's state (offset -1):
 * the batch is rolled back and retried, and after too many attempts the record is dead-lettered or the channel
 * quarantined.
 */
public final class ProcessingFailure extends RuntimeException {
    private final String channel;
    private final int partition;
    private final long offset;

    private ProcessingFailure(String message, String channel, int partition, long offset, Throwable cause) {
        super(message, cause);
        this.channel = channel;
        this.partition = partition;
        this.offset = offset;
    }

    static ProcessingFailure ofRecord(String channel, int partition, long offset, Throwable cause) {
        return new ProcessingFailure("channel " + channel + ": processing the record at telemetry.raw-" + partition
                + "@" + offset + " failed: " + describe(cause), channel, partition, offset, cause);
    }

    static ProcessingFailure ofCheckpoint(String channel, int partition, Throwable cause) {
        return new ProcessingFailure("channel " + channel + ": its state cannot be checkpointed: " + describe(cause),
                channel, partition, -1, cause);
    }

    String channel() {
        return channel;
    }

    int partition() {
        return partition;
    }

    long offset() {
        return offset;
    }

    boolean isCheckpoint() {
        return offset < 0;
    }

    /** The exception's class and message, as a dead-letter reason. */
    static String describe(Throwable cause) {
        String message = cause.getMessage();
        String text = cause.getClass().getName() + (message == null ? "" : ": " + message);
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}

package space.telemetry.contract;

/** Kafka topic names and dead-letter header names shared by the services. */
public final class Topics {
    /** Telemetry points, keyed by channel. */
    public static final String RAW = "telemetry.raw";
    /** Anomaly events, keyed by channel. */
    public static final String ANOMALIES = "telemetry.anomalies";
    /** Per-point anomaly scores (points with value and score, one record per channel and split run), keyed by channel. */
    public static final String SCORES = "telemetry.scores";
    /** Rejected records, untouched, with the reason in headers. */
    public static final String DLQ = "telemetry.dlq";
    /** Compacted detector checkpoints, keyed by channel (internal to detector-service). */
    public static final String DETECTOR_STATE = "telemetry.detector-state";
    /**
     * Key prefix on {@link #DETECTOR_STATE} of a channel waiting for a model fit (key prefix + channel; value: the
     * offset of its first raw record not published yet, or empty once it no longer waits).
     */
    public static final String WAITING_PREFIX = "#waiting/";

    /** Header: why the record was rejected. */
    public static final String DLQ_REASON = "dead-letter-reason";
    /** Header: topic the rejected record came from. */
    public static final String DLQ_TOPIC = "dead-letter-topic";
    /** Header: partition the rejected record came from. */
    public static final String DLQ_PARTITION = "dead-letter-partition";
    /** Header: offset of the rejected record. */
    public static final String DLQ_OFFSET = "dead-letter-offset";

    /**
     * Header on telemetry.anomalies: the produce time (epoch milliseconds, decimal) of the telemetry.raw record that
     * raised or updated the event, so that the store can measure latency from the point to its row.
     */
    public static final String POINT_PRODUCED_AT = "telemetry-point-produced-at";

    private Topics() {
    }
}

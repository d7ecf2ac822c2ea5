package space.telemetry.detector.messaging;

/** Reactive messaging channel names of the detector service. */
public final class Channels {
    /** Incoming {@code telemetry.raw}, in batches. */
    public static final String TELEMETRY_IN = "telemetry-in";
    /** Transactional producer: anomalies, dead letters and checkpoints. */
    public static final String DETECTOR_OUT = "detector-out";
    /** Rebalance listener of the incoming channel. */
    public static final String REBALANCE_LISTENER = "detector-rebalance";

    private Channels() {
    }
}

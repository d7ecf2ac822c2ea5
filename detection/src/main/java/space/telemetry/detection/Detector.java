package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A causal streaming detector for one channel: scores each point against what came before it, then learns it.
 *
 * <p>Implementations are deterministic and keep all their state in fields that {@link #writeState} saves and
 * {@link #readState} restores exactly, so that a restored detector continues bit for bit as the original would.
 */
public interface Detector {

    /**
     * Scores the point at stream position t using only points before it, then adds it to the history.
     *
     * @param value    the sensor value
     * @param commands the command features of the point (not to be modified)
     * @return a non-negative anomaly score, or NaN while the detector is still warming up
     */
    double score(double value, double[] commands);

    /**
     * Called once, before the first point of the test split is scored: every point seen so far was history (the
     * train split). Detectors that fit a model on the history do it here (or later, once they have seen enough
     * points, when the history was too short). The default does nothing.
     */
    default void endOfHistory() {
    }

    /** Writes the learned state (not the configuration). */
    void writeState(DataOutput out) throws IOException;

    /** Restores what {@link #writeState} wrote, into a detector built from the same configuration. */
    void readState(DataInput in) throws IOException;
}

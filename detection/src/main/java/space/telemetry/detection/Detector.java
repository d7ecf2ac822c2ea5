package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

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

    /**
     * For a detector whose model fit is slow: the fit that scoring the next point (with {@code value} and
     * {@code commands}, after {@link #endOfHistory} when {@code endsHistory}) would run first, as a task that works on
     * a private copy of what it fits on (a pure function: it may run on any thread while this detector waits); null
     * when that point fits nothing. The default fits nothing slow.
     *
     * @param value the value {@link #score} will be given (the guarded one), computed on demand
     */
    default Supplier<Object> fitBefore(DoubleSupplier value, double[] commands, boolean endsHistory) {
        return null;
    }

    /**
     * The result of the task {@link #fitBefore} returned: the next fit uses it instead of fitting (the same model,
     * bit for bit); null forgets it.
     */
    default void useFitted(Object fitted) {
    }

    /** Writes the learned state (not the configuration). */
    void writeState(DataOutput out) throws IOException;

    /** Restores what {@link #writeState} wrote, into a detector built from the same configuration. */
    void readState(DataInput in) throws IOException;
}

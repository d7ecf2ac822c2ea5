package space.telemetry.core.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Caps each value of a channel to a robust envelope of the values before it, so that one extreme but finite value
 * (a glitch of 1e6 in data scaled to [-1, 1]) reaches the detectors as a large deviation instead of dominating their
 * fitted models and error windows for thousands of points.
 *
 * <p>The envelope is the median of the previous {@value #WINDOW} values plus or minus a reach of
 * {@value #ROBUST_SIGMAS} robust standard deviations (1.4826 x their median absolute deviation), never less than
 * {@value #MIN_REACH}. Why these constants: Telemanom values are scaled to [-1, 1], so a reach of at least 3 never
 * touches a value of that range while the median lies within [-2, 2], and caps a glitch at 1.5 times the width of
 * the range, far enough out to be reported, not so far that it outweighs the history (a reach of 10 already blinds
 * the forecasters on the synthetic series). Five robust standard deviations keep channels whose spread is larger
 * than the scaled range (unscaled sources) unclipped in normal operation. The window holds the values as received:
 * the median and the deviation ignore a minority of extreme values, and a genuine new level is adopted once it
 * fills half the window (32 points). Causal (only earlier values), deterministic, 64 values of state.
 */
final class InputGuard {
    static final int WINDOW = 64;
    static final double ROBUST_SIGMAS = 5.0;
    static final double MIN_REACH = 3.0;

    private final RollingMedian recent = new RollingMedian(WINDOW);

    /** The value capped to the envelope of the values before it; then remembers the value as received. */
    double apply(double value) {
        double guarded = value;
        if (recent.size() > 0) {
            double median = recent.median();
            double reach = Math.max(MIN_REACH,
                    ROBUST_SIGMAS * RollingMedian.MAD_TO_STD * recent.medianAbsoluteDeviation(median));
            guarded = Math.max(median - reach, Math.min(median + reach, value));
        }
        recent.add(value);
        return guarded;
    }

    void write(DataOutput out) throws IOException {
        recent.write(out);
    }

    void read(DataInput in) throws IOException {
        recent.read(in);
    }
}

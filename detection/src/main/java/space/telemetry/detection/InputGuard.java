package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Caps each value to the median of the previous 64 values +- max(3, 5 robust standard deviations). */
final class InputGuard {
    // Values as received: the median and MAD ignore a minority of extreme values; a new level is adopted once it
    // fills half the window (32 points).
    static final int WINDOW = 64;
    // Channels whose spread exceeds the scaled range (unscaled sources) are capped in their own units.
    static final double ROBUST_SIGMAS = 5.0;
    // Values are scaled to [-1, 1]: a reach of 3 never touches that range while the median lies in [-2, 2], and caps
    // a glitch at 1.5 range widths, far out enough to be reported (a glitch of 10 already blinds forecasters).
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

package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Caps each value to the median of the previous 64 values +- a reach: the largest of 5 robust standard deviations of
 * those values, 1.5 times the spread of the values let through so far, and 3.
 */
final class InputGuard {
    // Values as received: the median and MAD ignore a minority of extreme values; a new level is adopted once it
    // fills half the window (32 points).
    static final int WINDOW = 64;
    // Channels whose spread exceeds the scaled range (unscaled sources) are capped in their own units.
    static final double ROBUST_SIGMAS = 5.0;
    // The spread runs from the second smallest to the second largest value let through, so it is free of the
    // channel's units. A capped value counts (as capped) only when the value before it was capped on the same side: a
    // new level widens the envelope step by step, while isolated glitches, however often they come, never do.
    // 1.5 spreads: a channel scaled to [-1, 1] gets the reach of 3 below.
    static final double SPREAD_REACH = 1.5;
    // The floor, for channels whose values have barely moved yet. Telemanom values are scaled to [-1, 1]: a reach of
    // 3 never touches that range while the median lies in [-2, 2], and caps a glitch at 1.5 range widths, far out
    // enough to be reported (a glitch of 10 already blinds forecasters). In absolute units, so a channel of tiny
    // values (around 1e-2) is capped only by its robust standard deviations: lenient, never tighter than its data.
    static final double MIN_REACH = 3.0;

    private final RollingMedian recent = new RollingMedian(WINDOW);
    private final Extremes passed = new Extremes();
    private int lastCapped; // -1 or 1: the side the last value was capped on; 0: it was let through

    /** The value capped to the envelope of the values before it; then remembers the value as received. */
    double apply(double value) {
        double guarded = peek(value);
        recent.add(value);
        int capped = (int) Math.signum(value - guarded);
        if (capped == 0 || capped == lastCapped) {
            passed.add(guarded);
        }
        lastCapped = capped;
        return guarded;
    }

    /** What {@link #apply} would return for the value, remembering nothing. */
    double peek(double value) {
        if (recent.size() == 0) {
            return value;
        }
        double median = recent.median();
        double reach = Math.max(MIN_REACH, Math.max(SPREAD_REACH * passed.spread(),
                ROBUST_SIGMAS * RollingMedian.MAD_TO_STD * recent.medianAbsoluteDeviation(median)));
        return Math.max(median - reach, Math.min(median + reach, value));
    }

    void write(DataOutput out) throws IOException {
        recent.write(out);
        passed.write(out);
        out.writeByte(lastCapped);
    }

    void read(DataInput in) throws IOException {
        recent.read(in);
        passed.read(in);
        lastCapped = in.readByte();
    }
}

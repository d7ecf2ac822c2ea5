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
    // fills half the window (32 points), or earlier once the spread has grown to it (below).
    static final int WINDOW = 64;
    // Channels whose spread exceeds the scaled range (unscaled sources) are capped in their own units.
    static final double ROBUST_SIGMAS = 5.0;
    // The spread runs from the second smallest to the second largest value let through (capped values count as
    // capped), so it is free of the channel's units; a glitch widens it by at most half the reach, and only if it
    // comes twice. 1.5 spreads: a channel scaled to [-1, 1] gets the reach of 3 below.
    static final double SPREAD_REACH = 1.5;
    // The floor, for channels whose values have barely moved yet. Telemanom values are scaled to [-1, 1]: a reach of
    // 3 never touches that range while the median lies in [-2, 2], and caps a glitch at 1.5 range widths, far out
    // enough to be reported (a glitch of 10 already blinds forecasters).
    static final double MIN_REACH = 3.0;

    private final RollingMedian recent = new RollingMedian(WINDOW);
    private final Extremes passed = new Extremes();

    /** The value capped to the envelope of the values before it; then remembers the value as received. */
    double apply(double value) {
        double guarded = value;
        if (recent.size() > 0) {
            double median = recent.median();
            double reach = Math.max(MIN_REACH, Math.max(SPREAD_REACH * passed.spread(),
                    ROBUST_SIGMAS * RollingMedian.MAD_TO_STD * recent.medianAbsoluteDeviation(median)));
            guarded = Math.max(median - reach, Math.min(median + reach, value));
        }
        recent.add(value);
        passed.add(guarded);
        return guarded;
    }

    void write(DataOutput out) throws IOException {
        recent.write(out);
        passed.write(out);
    }

    void read(DataInput in) throws IOException {
        recent.read(in);
        passed.read(in);
    }
}

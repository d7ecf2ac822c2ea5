package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** The two largest and two smallest values seen: a range that one outlier on either side cannot widen. */
final class Extremes {
    /** Smallest {@link #unit}, relative to the magnitude of the values. */
    private static final double RELATIVE_FLOOR = 1e-6;

    private double highest = Double.NEGATIVE_INFINITY;
    private double high = Double.NEGATIVE_INFINITY; // second largest
    private double lowest = Double.POSITIVE_INFINITY;
    private double low = Double.POSITIVE_INFINITY; // second smallest

    void add(double value) {
        if (value > highest) {
            high = highest;
            highest = value;
        } else if (value > high) {
            high = value;
        }
        if (value < lowest) {
            low = lowest;
            lowest = value;
        } else if (value < low) {
            low = value;
        }
    }

    /** Whether {@link #low} <= {@link #high}: always from the third value on (two equal values suffice). */
    boolean defined() {
        return high >= low;
    }

    /** The second smallest value. */
    double low() {
        return low;
    }

    /** The second largest value. */
    double high() {
        return high;
    }

    /** {@code high - low}, or 0 while not {@link #defined}. */
    double spread() {
        return defined() ? high - low : 0.0;
    }

    /**
     * {@code high - low} as a unit of measure: at least 1e-6 of the values' magnitude (and of 1), so that a channel
     * constant so far is not divided by 0. Only once {@link #defined}.
     */
    double unit() {
        return Math.max(high - low, RELATIVE_FLOOR * Math.max(1.0, Math.max(Math.abs(low), Math.abs(high))));
    }

    void write(DataOutput out) throws IOException {
        out.writeDouble(highest);
        out.writeDouble(high);
        out.writeDouble(lowest);
        out.writeDouble(low);
    }

    void read(DataInput in) throws IOException {
        highest = in.readDouble();
        high = in.readDouble();
        lowest = in.readDouble();
        low = in.readDouble();
    }
}

package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The most recent values with their running sum and sum of squares: mean and standard deviation in O(1). The one
 * implementation of rolling moments every detector uses; the values are kept as doubles, or at half precision
 * ({@link #halfPrecision}) where a checkpoint must stay small.
 */
final class RollingMoments {
    private final Ring window;
    private double sum;
    private double sumOfSquares;
    private int sinceRecompute;

    RollingMoments(int capacity) {
        this(new RollingWindow(capacity));
    }

    private RollingMoments(Ring window) {
        this.window = window;
    }

    /** Moments of values kept in 2 bytes each: add only values rounded with {@link HalfFloat#round}. */
    static RollingMoments halfPrecision(int capacity) {
        return new RollingMoments(new HalfRing(capacity));
    }

    /** Moments of values kept in 4 bytes each: add only values rounded to a float. */
    static RollingMoments singlePrecision(int capacity) {
        return new RollingMoments(new FloatRing(capacity));
    }

    boolean isFull() {
        return window.isFull();
    }

    int size() {
        return window.size();
    }

    void add(double value) {
        double evicted = window.add(value);
        if (!Double.isNaN(evicted)) {
            sum -= evicted;
            sumOfSquares -= evicted * evicted;
        }
        sum += value;
        sumOfSquares += value * value;
        if (++sinceRecompute >= window.capacity()) { // bound the floating-point drift of the running sums
            sum = 0;
            sumOfSquares = 0;
            for (int i = 0; i < window.size(); i++) {
                double v = window.get(i);
                sum += v;
                sumOfSquares += v * v;
            }
            sinceRecompute = 0;
        }
    }

    double mean() {
        return sum / window.size();
    }

    /** Population standard deviation of the values held. */
    double std() {
        double mean = mean();
        return Math.sqrt(Math.max(0.0, sumOfSquares / window.size() - mean * mean));
    }

    /** How far a value lies above the mean, in standard deviations floored at {@code minStd}; 0 below the mean. */
    double excess(double value, double minStd) {
        return Math.max(0.0, value - mean()) / Math.max(std(), minStd);
    }

    void clear() {
        window.clear();
        sum = 0;
        sumOfSquares = 0;
        sinceRecompute = 0;
    }

    /** The values, then the running sums as they are (so that a restore is exact). */
    void write(DataOutput out) throws IOException {
        window.write(out);
        out.writeDouble(sum);
        out.writeDouble(sumOfSquares);
        out.writeInt(sinceRecompute);
    }

    void read(DataInput in) throws IOException {
        window.read(in);
        sum = in.readDouble();
        sumOfSquares = in.readDouble();
        sinceRecompute = in.readInt();
    }
}

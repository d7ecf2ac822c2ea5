package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** The most recent values with their running sum and sum of squares: mean and standard deviation in O(1). */
final class RollingMoments {
    private final RollingWindow window;
    private double sum;
    private double sumOfSquares;
    private int sinceRecompute;

    RollingMoments(int capacity) {
        this.window = new RollingWindow(capacity);
    }

    boolean isFull() {
        return window.isFull();
    }

    int size() {
        return window.size();
    }

    void add(double value) {
        double evicted = window.add(value);
        sum += value;
        sumOfSquares += value * value;
        if (!Double.isNaN(evicted)) {
            sum -= evicted;
            sumOfSquares -= evicted * evicted;
        }
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

    void clear() {
        window.clear();
        sum = 0;
        sumOfSquares = 0;
        sinceRecompute = 0;
    }

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

package space.telemetry.core.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Distance of a point from the mean of the previous {@code window} points, in standard deviations. */
public final class RollingZScoreDetector implements Detector {
    private final RollingWindow window;
    private final double minStd;
    private double sum;
    private double sumOfSquares;
    private int sinceRecompute;

    public RollingZScoreDetector(int window, double minStd) {
        this.window = new RollingWindow(window);
        this.minStd = minStd;
    }

    static RollingZScoreDetector from(Params params) {
        return new RollingZScoreDetector(params.integer("window", 250), params.number("min-std", 0.01));
    }

    @Override
    public double score(double value, double[] commands) {
        double score = Double.NaN;
        if (window.isFull()) {
            int n = window.size();
            double mean = sum / n;
            double variance = Math.max(0.0, sumOfSquares / n - mean * mean);
            score = Math.abs(value - mean) / Math.max(Math.sqrt(variance), minStd);
        }
        double evicted = window.add(value);
        sum += value;
        sumOfSquares += value * value;
        if (!Double.isNaN(evicted)) {
            sum -= evicted;
            sumOfSquares -= evicted * evicted;
        }
        if (++sinceRecompute >= window.capacity()) { // bound floating-point drift of the running sums
            recompute();
        }
        return score;
    }

    private void recompute() {
        sum = 0;
        sumOfSquares = 0;
        for (int i = 0; i < window.size(); i++) {
            double v = window.get(i);
            sum += v;
            sumOfSquares += v * v;
        }
        sinceRecompute = 0;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        window.write(out);
        out.writeDouble(sum);
        out.writeDouble(sumOfSquares);
        out.writeInt(sinceRecompute);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        window.read(in);
        sum = in.readDouble();
        sumOfSquares = in.readDouble();
        sinceRecompute = in.readInt();
    }
}

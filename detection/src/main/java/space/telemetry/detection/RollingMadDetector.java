package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Distance of a point from the median of the previous {@code window} points, in robust standard deviations
 * (1.4826 x median absolute deviation).
 */
public final class RollingMadDetector implements Detector {
    private final RollingMedian window;
    private final double minMad;

    public RollingMadDetector(int window, double minMad) {
        this.window = new RollingMedian(window);
        this.minMad = minMad;
    }

    static RollingMadDetector from(Params params) {
        return new RollingMadDetector(params.integer("window", 250), params.number("min-mad", 0.01));
    }

    @Override
    public double score(double value, double[] commands) {
        double score = Double.NaN;
        if (window.isFull()) {
            double median = window.median();
            double mad = window.medianAbsoluteDeviation(median);
            score = Math.abs(value - median) / Math.max(RollingMedian.MAD_TO_STD * mad, minMad);
        }
        window.add(value);
        return score;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        window.write(out);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        window.read(in);
    }
}

package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Distance of a point from the mean of the previous {@code window} points, in standard deviations. */
public final class RollingZScoreDetector implements Detector {
    private final RollingMoments window;
    private final double minStd;

    public RollingZScoreDetector(int window, double minStd) {
        this.window = new RollingMoments(window);
        this.minStd = minStd;
    }

    static RollingZScoreDetector from(Params params) {
        return new RollingZScoreDetector(params.integer("window", 250), params.number("min-std", 0.01));
    }

    @Override
    public double score(double value, double[] commands) {
        double score = window.isFull() ? Math.abs(value - window.mean()) / Math.max(window.std(), minStd) : Double.NaN;
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

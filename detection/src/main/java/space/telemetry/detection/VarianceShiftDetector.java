package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Variance shifts: the standard deviation of the last {@code window} values against the range of that rolling
 * standard deviation over the channel's history (train split). The score is
 * {@code max(lowest history std / std, std / highest history std)} (each side optional), so 2 means the channel
 * moves half as much as it ever did over a window of the history, or twice as much. Standard deviations are floored
 * at {@code min-std}. NaN during the history and until the window is full.
 *
 * <p>The window is emptied when the history ends: the train and test splits are not contiguous in time, so a window
 * across the boundary would measure the jump between them. The test split is scored once the window has refilled.
 *
 * <p>Catches a channel whose oscillation dies down or freezes (amplitude collapse), which a forecaster predicts
 * well. State: the window and a few sums (saved as they are for an exact restore).
 */
public final class VarianceShiftDetector implements Detector {
    private final RollingMoments window;
    private final double minStd;
    private final boolean low;
    private final boolean high;

    private boolean historyEnded;
    private double lowest = Double.POSITIVE_INFINITY;
    private double highest;

    public VarianceShiftDetector(int window, double minStd, boolean low, boolean high) {
        if (window < 2 || minStd <= 0) {
            throw new IllegalArgumentException("variance-shift: window >= 2, min-std > 0");
        }
        this.window = new RollingMoments(window);
        this.minStd = minStd;
        this.low = low;
        this.high = high;
    }

    static VarianceShiftDetector from(Params params) {
        return new VarianceShiftDetector(params.integer("window", 200), params.number("min-std", 0.001),
                params.bool("low", true), params.bool("high", false));
    }

    @Override
    public double score(double value, double[] commands) {
        if (Double.isNaN(value)) {
            return Double.NaN;
        }
        window.add(value);
        if (!window.isFull()) {
            return Double.NaN;
        }
        double std = Math.max(window.std(), minStd);
        if (!historyEnded) {
            lowest = Math.min(lowest, std);
            highest = Math.max(highest, std);
            return Double.NaN;
        }
        if (highest == 0) { // the history never filled a window
            return Double.NaN;
        }
        double score = 0;
        if (low) {
            score = lowest / std;
        }
        if (high) {
            score = Math.max(score, std / highest);
        }
        return score;
    }

    @Override
    public void endOfHistory() {
        historyEnded = true;
        window.clear();
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        window.write(out);
        out.writeBoolean(historyEnded);
        out.writeDouble(lowest);
        out.writeDouble(highest);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        window.read(in);
        historyEnded = in.readBoolean();
        lowest = in.readDouble();
        highest = in.readDouble();
    }
}

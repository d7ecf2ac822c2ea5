package space.telemetry.core.detect;

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
    private final RollingWindow window;
    private final double minStd;
    private final boolean low;
    private final boolean high;

    private double sum;
    private double sumOfSquares;
    private int sinceRecompute;
    private boolean historyEnded;
    private double lowest = Double.POSITIVE_INFINITY;
    private double highest;

    public VarianceShiftDetector(int window, double minStd, boolean low, boolean high) {
        if (window < 2 || minStd <= 0) {
            throw new IllegalArgumentException("variance-shift: window >= 2, min-std > 0");
        }
        this.window = new RollingWindow(window);
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
        double evicted = window.add(value);
        sum += value;
        sumOfSquares += value * value;
        if (!Double.isNaN(evicted)) {
            sum -= evicted;
            sumOfSquares -= evicted * evicted;
        }
        if (++sinceRecompute >= window.capacity()) { // bound the drift of the running sums
            sum = 0;
            sumOfSquares = 0;
            for (int i = 0; i < window.size(); i++) {
                sum += window.get(i);
                sumOfSquares += window.get(i) * window.get(i);
            }
            sinceRecompute = 0;
        }
        if (!window.isFull()) {
            return Double.NaN;
        }
        int n = window.size();
        double mean = sum / n;
        double std = Math.max(Math.sqrt(Math.max(0.0, sumOfSquares / n - mean * mean)), minStd);
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
        sum = 0;
        sumOfSquares = 0;
        sinceRecompute = 0;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        window.write(out);
        out.writeDouble(sum);
        out.writeDouble(sumOfSquares);
        out.writeInt(sinceRecompute);
        out.writeBoolean(historyEnded);
        out.writeDouble(lowest);
        out.writeDouble(highest);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        window.read(in);
        sum = in.readDouble();
        sumOfSquares = in.readDouble();
        sinceRecompute = in.readInt();
        historyEnded = in.readBoolean();
        lowest = in.readDouble();
        highest = in.readDouble();
    }
}

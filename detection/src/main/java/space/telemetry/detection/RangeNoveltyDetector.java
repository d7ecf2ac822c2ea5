package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Range novelty: how far a value goes beyond the values the channel has shown, in units of the range they span.
 * The range runs from the second smallest to the second largest value seen (history and test), so that one glitch
 * does not widen it for good, while an extreme reached twice does. A new level therefore alarms at its first points
 * and then belongs to the range. The score is {@code max(0, v - high, low - v) / (high - low)}: 0 inside the range,
 * 0.2 for a value a fifth of the range beyond it. Free of the channel's units and offset, so one threshold serves
 * every channel and data set; NaN until the history has ended and {@code min-values} values (default 100) were seen,
 * so that a channel that starts without its history (a fresh start mid-stream) does not alarm on every new extreme
 * of its first points.
 */
public final class RangeNoveltyDetector implements Detector {

    private final Extremes seen = new Extremes();
    private final long minValues;
    private long values;
    private boolean historyEnded;

    public RangeNoveltyDetector(long minValues) {
        if (minValues < 3) {
            throw new IllegalArgumentException("range: min-values must be at least 3");
        }
        this.minValues = minValues;
    }

    static RangeNoveltyDetector from(Params params) {
        return new RangeNoveltyDetector(params.integer("min-values", 100));
    }

    @Override
    public double score(double value, double[] commands) {
        if (Double.isNaN(value)) {
            return Double.NaN;
        }
        double score = Double.NaN;
        if (historyEnded && values >= minValues) {
            score = Math.max(0.0, Math.max(value - seen.high(), seen.low() - value)) / seen.unit();
        }
        seen.add(value);
        values++;
        return score;
    }

    @Override
    public void endOfHistory() {
        historyEnded = true;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeBoolean(historyEnded);
        out.writeLong(values);
        seen.write(out);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        historyEnded = in.readBoolean();
        values = in.readLong();
        seen.read(in);
    }
}

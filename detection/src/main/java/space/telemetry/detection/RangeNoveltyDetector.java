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
 *
 * <p>With {@code calibrate} the margin beyond the range is the channel's own, set once at the end of its history from
 * how far the history itself went beyond its range as it was then. During the history every value (from the
 * {@code min-values}-th on) is measured as it would be scored; the largest of these excursions over the later part of
 * the history is kept. The later part is found without knowing the history's length in advance: the values are cut
 * into blocks of doubling length (values 128-255, 256-511, ...) and the largest excursion of the current block and of
 * the one before it are kept, which at the history's end covers its last half to three quarters. The channel's
 * margin is that excursion, at least {@code min-margin} (a channel whose range stood still) and at least one step of
 * the channel's resolution (the smallest change between consecutive history values, in units of the range: on a
 * quantised channel the next level up is the smallest move there is, not a novelty), and at most
 * {@code max-margin} (a channel that kept setting new extremes keeps the fixed margin of the default); a channel
 * without a measured history (no more than {@code min-values} values) gets {@code max-margin}. The score is then the
 * excess in units of that margin: {@code max(0, v - high, low - v) / ((high - low) * margin)}, so a threshold of 1
 * means "as far beyond the range as the channel's own margin". Only the history decides the margin; the test split
 * is scored and widens the range as without the option.
 */
public final class RangeNoveltyDetector implements Detector {
    /** One step of resolution, a little more: the steps of a quantised channel differ by rounding. */
    private static final double STEP_TOLERANCE = 1.0 + 1e-6;

    private final Extremes seen = new Extremes();
    private final long minValues;
    private final boolean calibrate;
    private final double minMargin;
    private final double maxMargin;
    private long values;
    private boolean historyEnded;
    // calibrate only: the largest excursion of the previous and of the current doubling block of the history, and the
    // margin set from them at its end
    private double previousBlock;
    private double currentBlock;
    private double last = Double.NaN; // the history's last value
    private double step = Double.POSITIVE_INFINITY; // the history's smallest change between consecutive values
    private double margin = 1.0;

    public RangeNoveltyDetector(long minValues) {
        this(minValues, false, 0.0, 0.0);
    }

    public RangeNoveltyDetector(long minValues, boolean calibrate, double minMargin, double maxMargin) {
        if (minValues < 3) {
            throw new IllegalArgumentException("range: min-values must be at least 3");
        }
        if (calibrate && !(minMargin > 0 && maxMargin >= minMargin && Double.isFinite(maxMargin))) {
            throw new IllegalArgumentException("range: calibrate needs 0 < min-margin <= max-margin");
        }
        this.minValues = minValues;
        this.calibrate = calibrate;
        this.minMargin = minMargin;
        this.maxMargin = maxMargin;
    }

    static RangeNoveltyDetector from(Params params) {
        long minValues = params.integer("min-values", 100);
        boolean calibrate = params.bool("calibrate", false);
        if (!calibrate) {
            return new RangeNoveltyDetector(minValues);
        }
        return new RangeNoveltyDetector(minValues, true, params.number("min-margin", 0.02),
                params.number("max-margin", 0.2));
    }

    @Override
    public double score(double value, double[] commands) {
        if (Double.isNaN(value)) {
            return Double.NaN;
        }
        double score = Double.NaN;
        if (values >= minValues) {
            if (historyEnded) {
                score = excess(value);
                if (calibrate) {
                    score /= margin;
                }
            } else if (calibrate) {
                if ((values & (values - 1)) == 0) { // a power of two: a new block begins
                    previousBlock = currentBlock;
                    currentBlock = 0.0;
                }
                currentBlock = Math.max(currentBlock, excess(value));
            }
        }
        if (calibrate && !historyEnded) {
            double change = Math.abs(value - last); // NaN for the first value: no change
            if (change > 0 && change < step) {
                step = change;
            }
            last = value;
        }
        seen.add(value);
        values++;
        return score;
    }

    /** How far the value lies beyond the range seen so far, in units of the range. */
    private double excess(double value) {
        return Math.max(0.0, Math.max(value - seen.high(), seen.low() - value)) / seen.unit();
    }

    /** The calibrated margin, in units of the range (1 without {@code calibrate}). */
    double margin() {
        return margin;
    }

    @Override
    public void endOfHistory() {
        if (calibrate && !historyEnded) {
            if (values > minValues) {
                // one step of the channel's resolution (a little more: the steps of a quantised channel differ by
                // rounding, and the next level up must not score above 1 by a rounding error)
                double resolution = Double.isFinite(step) ? STEP_TOLERANCE * step / seen.unit() : 0.0;
                double excursion = Math.max(previousBlock, currentBlock);
                margin = Math.min(maxMargin, Math.max(Math.max(minMargin, resolution), excursion));
            } else {
                margin = maxMargin; // nothing measured: the fixed margin
            }
        }
        historyEnded = true;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeBoolean(historyEnded);
        out.writeLong(values);
        seen.write(out);
        if (calibrate) { // only then: the format without the option is unchanged
            out.writeDouble(previousBlock);
            out.writeDouble(currentBlock);
            out.writeDouble(last);
            out.writeDouble(step);
            out.writeDouble(margin);
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        historyEnded = in.readBoolean();
        values = in.readLong();
        seen.read(in);
        if (calibrate) {
            previousBlock = in.readDouble();
            currentBlock = in.readDouble();
            last = in.readDouble();
            step = in.readDouble();
            margin = in.readDouble();
        }
    }
}

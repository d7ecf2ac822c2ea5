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
 *
 * <p>With {@code recent: N} (needs {@code calibrate}) the margin follows the channel's recent past instead of its
 * history alone: every value from the {@code min-values}-th on, history and test alike, is measured after it is scored
 * (its excess beyond the range before it, in units of that range), and the margin for the next value is the largest
 * excursion of the last N to 9N/8 measured values (the maxima of a ring of 8 blocks of N/8 values and of the current
 * block), bounded as above (at least {@code min-margin} and one step of the history's resolution, in units of the
 * range as it is now, at most {@code max-margin}; before any value was measured, {@code max-margin}). Round 17's form,
 * rebuilt in round 18 (its figures reproduced exactly).
 *
 * <p>With {@code hold: K} (needs {@code calibrate}) a new extreme is confirmed by the level holding: a point whose
 * calibrated score is at least 1 is a candidate and scores 0; its score, its direction and the range's edge before it
 * (the high, or the low) are remembered, and of the next K points those beyond that old edge in the candidate's
 * direction are counted. At the K-th point after the candidate the score is the candidate's if at least ceil(K/2)
 * were beyond, else 0; every other point scores 0. A spike returns inside the old range at once, a new level stays
 * near it. While a candidate is pending no other point becomes one (it only counts toward the hold); the range, the
 * margin and the recent excursions keep updating point by point.
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
    // recent only: the largest excursion of each of the last 8 full blocks of N/8 measured values (a ring), the
    // measured values so far (the current block is the last measured % blockSize of them, its maximum currentBlock)
    private final int blockSize;
    private final double[] blocks;
    private long measured;
    // hold only: the pending candidate (offset -1: none), its score, direction, the old edge and the points beyond it
    private final int hold;
    private final int needed;
    private int offset = -1;
    private double candidate;
    private boolean up;
    private double edge;
    private int beyond;

    public RangeNoveltyDetector(long minValues) {
        this(minValues, false, 0.0, 0.0);
    }

    public RangeNoveltyDetector(long minValues, boolean calibrate, double minMargin, double maxMargin) {
        this(minValues, calibrate, minMargin, maxMargin, 0, 0);
    }

    public RangeNoveltyDetector(long minValues, boolean calibrate, double minMargin, double maxMargin, int recent,
            int hold) {
        if (minValues < 3) {
            throw new IllegalArgumentException("range: min-values must be at least 3");
        }
        if (calibrate && !(minMargin > 0 && maxMargin >= minMargin && Double.isFinite(maxMargin))) {
            throw new IllegalArgumentException("range: calibrate needs 0 < min-margin <= max-margin");
        }
        if (recent != 0 && (!calibrate || recent < 8)) {
            throw new IllegalArgumentException("range: recent needs calibrate: true and at least 8 values, got "
                    + recent + (calibrate ? "" : " without calibrate"));
        }
        if (hold != 0 && (!calibrate || hold < 1)) {
            throw new IllegalArgumentException("range: hold needs calibrate: true and at least 1 point, got " + hold
                    + (calibrate ? "" : " without calibrate"));
        }
        this.minValues = minValues;
        this.calibrate = calibrate;
        this.minMargin = minMargin;
        this.maxMargin = maxMargin;
        this.blockSize = recent / 8;
        this.blocks = recent > 0 ? new double[8] : null;
        this.hold = hold;
        this.needed = (hold + 1) / 2;
    }

    static RangeNoveltyDetector from(Params params) {
        long minValues = params.integer("min-values", 100);
        boolean calibrate = params.bool("calibrate", false);
        int recent = params.integer("recent", 0);
        int hold = params.integer("hold", 0);
        if (!calibrate) {
            if (recent != 0 || hold != 0) {
                throw new IllegalArgumentException("range: " + (hold != 0 ? "hold" : "recent")
                        + " needs calibrate: true (it confirms or measures the calibrated margin)");
            }
            return new RangeNoveltyDetector(minValues);
        }
        return new RangeNoveltyDetector(minValues, true, params.number("min-margin", 0.02),
                params.number("max-margin", 0.2), recent, hold);
    }

    @Override
    public double score(double value, double[] commands) {
        if (Double.isNaN(value)) {
            return Double.NaN;
        }
        double score = Double.NaN;
        if (values >= minValues && blocks != null) {
            double excess = excess(value);
            if (historyEnded) {
                score = excess / recentMargin();
            }
            measure(excess); // after it is scored: the next value's margin includes it
        } else if (values >= minValues) {
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
        if (hold > 0 && historyEnded) {
            score = held(value, score);
        }
        seen.add(value);
        values++;
        return score;
    }

    /** The score with {@code hold}: 0 but at the K-th point after a candidate whose level held (before the add). */
    private double held(double value, double score) {
        if (offset >= 0) {
            offset++;
            if (up ? value > edge : value < edge) {
                beyond++;
            }
            if (offset < hold) {
                return 0.0;
            }
            offset = -1;
            return beyond >= needed ? candidate : 0.0;
        }
        if (score >= 1.0) { // a new extreme: judged K points later
            offset = 0;
            candidate = score;
            up = value > seen.high();
            edge = up ? seen.high() : seen.low();
            beyond = 0;
            return 0.0;
        }
        return Double.isNaN(score) ? score : 0.0; // below a candidate: 0 (NaN before min-values)
    }

    /** With {@code recent}: the margin from the last N to 9N/8 measured excursions, bounded. */
    private double recentMargin() {
        if (measured == 0) {
            return maxMargin; // nothing measured: the fixed margin
        }
        double excursion = currentBlock;
        for (double block : blocks) {
            excursion = Math.max(excursion, block);
        }
        // one step of the history's resolution, in units of the range as it is now (round 17's form)
        double resolution = Double.isFinite(step) ? STEP_TOLERANCE * step / seen.unit() : 0.0;
        return Math.min(maxMargin, Math.max(Math.max(minMargin, resolution), excursion));
    }

    /** With {@code recent}: one more measured excursion; a full block moves into the ring over the oldest. */
    private void measure(double excess) {
        currentBlock = Math.max(currentBlock, excess);
        measured++;
        if (measured % blockSize == 0) {
            blocks[(int) ((measured / blockSize - 1) % blocks.length)] = currentBlock;
            currentBlock = 0.0;
        }
    }

    /** How far the value lies beyond the range seen so far, in units of the range. */
    private double excess(double value) {
        return Math.max(0.0, Math.max(value - seen.high(), seen.low() - value)) / seen.unit();
    }

    /** The calibrated margin for the next value, in units of the range (1 without {@code calibrate}). */
    double margin() {
        return blocks != null ? recentMargin() : margin;
    }

    @Override
    public void endOfHistory() {
        if (calibrate && blocks == null && !historyEnded) {
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
        if (blocks != null) { // recent only
            for (double block : blocks) {
                out.writeDouble(block);
            }
            out.writeLong(measured);
        }
        if (hold > 0) { // hold only
            out.writeInt(offset);
            out.writeDouble(candidate);
            out.writeBoolean(up);
            out.writeDouble(edge);
            out.writeInt(beyond);
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
        if (blocks != null) {
            for (int i = 0; i < blocks.length; i++) {
                blocks[i] = in.readDouble();
            }
            measured = in.readLong();
        }
        if (hold > 0) {
            offset = in.readInt();
            candidate = in.readDouble();
            up = in.readBoolean();
            edge = in.readDouble();
            beyond = in.readInt();
        }
    }
}

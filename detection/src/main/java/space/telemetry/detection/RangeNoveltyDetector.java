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
 * <p>With {@code recent: N} (a multiple of 8) the margin beyond the range is the channel's own and follows its recent
 * past: every value after the first {@code min-values}, history and test alike, is measured after it is scored (its
 * excess beyond the range before it, in units of that range), and the margin for the next value is the largest
 * excursion of the last N to 9N/8 - 1 measured values (the maxima of a ring of 8 blocks of N/8 values and of the
 * current block; fewer until 8 blocks are full), at least {@code min-margin} (default 0.02: a channel whose range stood
 * still) and one step of the history's resolution (its smallest change between consecutive values, in units of the
 * range as it is now: on a quantised channel the next level up is the smallest move there is, not a novelty), but
 * never above {@code max-margin} (default 0.2: never judged less sensitively than without the option; on a channel of
 * at most 5 levels one step is more than that, so the next level up is flagged); {@code max-margin} before anything was measured.
 * The score is then the excess in units of that margin, so 1 means "as far beyond the range as the channel's own
 * margin".
 *
 * <p>With {@code hold: K} as well, a new extreme is confirmed by the level holding: a point scoring at least 1 (the
 * margin's unit, whatever the configured threshold) is a candidate and scores 0; its score, its direction and the
 * range's edge before it (the high, or the low) are remembered, and of the next K values (a NaN value scores NaN and
 * is not one of them) those beyond that old edge in the candidate's direction are counted. At the K-th one the score
 * is the candidate's if at least ceil(K/2) were beyond, else 0; every other point scores 0. A spike returns inside the
 * old range at once, a new level stays near it. A point scoring at least 1 while a candidate is pending only counts
 * toward its hold, unless that hold can no longer succeed: then it is the new candidate (a new level right after a
 * spike is not lost). A candidate still pending when the stream ends is never scored.
 */
public final class RangeNoveltyDetector implements Detector {
    /** One step of resolution, a little more: the steps of a quantised channel differ by rounding. */
    private static final double STEP_TOLERANCE = 1.0 + 1e-6;
    private static final int BLOCKS = 8;

    private final Extremes seen = new Extremes();
    private final long minValues;
    private long values;
    private boolean historyEnded;
    // recent only: the margin's bounds; the history's last value and smallest change between consecutive values; the
    // largest excursion of each of the last 8 full blocks of N/8 measured values (a ring) and of the current block,
    // and the values measured so far
    private final double minMargin;
    private final double maxMargin;
    private final int blockSize;
    private final double[] blocks;
    private double last = Double.NaN;
    private double step = Double.POSITIVE_INFINITY;
    private double currentBlock;
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
        this(minValues, 0, 0.0, 0.0, 0);
    }

    /** With {@code recent} 0 the fixed range; with {@code hold} 0 no confirmation. */
    public RangeNoveltyDetector(long minValues, int recent, double minMargin, double maxMargin, int hold) {
        if (minValues < 3) {
            throw new IllegalArgumentException("range: min-values must be at least 3");
        }
        if (recent != 0 && (recent < 0 || recent % BLOCKS != 0)) {
            throw new IllegalArgumentException("range: recent must be a positive multiple of 8, got " + recent);
        }
        if (recent != 0 && !(minMargin > 0 && maxMargin >= minMargin && Double.isFinite(maxMargin))) {
            throw new IllegalArgumentException("range: recent needs 0 < min-margin <= max-margin");
        }
        if (hold != 0 && (recent == 0 || hold < 1)) {
            throw new IllegalArgumentException("range: hold needs recent (the margin it confirms) and at least 1 point,"
                    + " got hold " + hold + (recent == 0 ? " without recent" : ""));
        }
        this.minValues = minValues;
        this.minMargin = minMargin;
        this.maxMargin = maxMargin;
        this.blockSize = recent / BLOCKS;
        this.blocks = recent > 0 ? new double[BLOCKS] : null;
        this.hold = hold;
        this.needed = hold - hold / 2;
    }

    static RangeNoveltyDetector from(Params params) {
        long minValues = params.integer("min-values", 100);
        int recent = params.integer("recent", 0);
        int hold = params.integer("hold", 0);
        if (recent == 0) { // the margin's bounds are read only with recent: elsewhere they are unknown parameters
            return new RangeNoveltyDetector(minValues, 0, 0.0, 0.0, hold);
        }
        return new RangeNoveltyDetector(minValues, recent, params.number("min-margin", 0.02),
                params.number("max-margin", 0.2), hold);
    }

    @Override
    public double score(double value, double[] commands) {
        if (Double.isNaN(value)) {
            return Double.NaN;
        }
        double score = Double.NaN;
        if (values >= minValues) {
            double excess = Math.max(0.0, Math.max(value - seen.high(), seen.low() - value)) / seen.unit();
            score = historyEnded ? excess / margin() : Double.NaN;
            if (blocks != null) {
                measure(excess); // after it is scored: the next value's margin includes it
            }
        }
        if (blocks != null && !historyEnded) {
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
            boolean lost = beyond + (hold - offset) < needed;
            if (score >= 1.0 && lost) {
                return candidate(value, score); // the pending hold cannot succeed: this new extreme is judged instead
            }
            if (offset < hold) {
                return 0.0;
            }
            offset = -1;
            return lost ? 0.0 : candidate;
        }
        if (score >= 1.0) {
            return candidate(value, score);
        }
        return Double.isNaN(score) ? score : 0.0; // below a candidate: 0 (NaN before min-values)
    }

    /** A new extreme, judged K points later: remembered with the range's edge before it; scores 0 now. */
    private double candidate(double value, double score) {
        offset = 0;
        candidate = score;
        up = value > seen.high();
        edge = up ? seen.high() : seen.low();
        beyond = 0;
        return 0.0;
    }

    /** The margin for the next value, in units of the range: 1 without {@code recent}. */
    double margin() {
        if (blocks == null) {
            return 1.0;
        }
        if (measured == 0) {
            return maxMargin; // nothing measured: the fixed margin
        }
        double excursion = currentBlock;
        for (double block : blocks) {
            excursion = Math.max(excursion, block);
        }
        // one step of the history's resolution, in units of the range as it is now
        double resolution = Double.isFinite(step) ? STEP_TOLERANCE * step / seen.unit() : 0.0;
        return Math.min(maxMargin, Math.max(Math.max(minMargin, resolution), excursion));
    }

    /** With {@code recent}: one more measured excursion; a full block moves into the ring over the oldest. */
    private void measure(double excess) {
        currentBlock = Math.max(currentBlock, excess);
        measured++;
        if (measured % blockSize == 0) {
            blocks[(int) ((measured / blockSize - 1) % BLOCKS)] = currentBlock;
            currentBlock = 0.0;
        }
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
        if (blocks != null) { // only with the options: the format without them is unchanged
            out.writeDouble(last);
            out.writeDouble(step);
            for (double block : blocks) {
                out.writeDouble(block);
            }
            out.writeDouble(currentBlock);
            out.writeLong(measured);
        }
        if (hold > 0) {
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
        if (blocks != null) {
            last = in.readDouble();
            step = in.readDouble();
            for (int i = 0; i < blocks.length; i++) {
                blocks[i] = in.readDouble();
            }
            currentBlock = in.readDouble();
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

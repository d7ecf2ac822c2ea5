package space.telemetry.detector.service;

import java.util.Arrays;
import java.util.List;
import space.telemetry.contract.Limits;
import space.telemetry.contract.ScoreBatch;
import space.telemetry.contract.Split;

/**
 * The scored points of one channel collected during a batch, in primitive columns; a change of split or
 * {@link Limits#MAX_SCORE_POINTS} points close a {@link ScoreBatch}. Reused from batch to batch.
 */
final class ScoreRun {
    /** The threshold in force on the score scale: every detector's threshold maps to 0.5 (ChannelDetector.normalized). */
    static final double THRESHOLD = 0.5;
    private static final int INITIAL_CAPACITY = 256;

    private final String spacecraft;
    private final String channel;
    private Split split;
    private int size;
    private long[] indices = new long[INITIAL_CAPACITY];
    private long[] times = new long[INITIAL_CAPACITY];
    private double[] values = new double[INITIAL_CAPACITY];
    private float[] scores = new float[INITIAL_CAPACITY];

    ScoreRun(String spacecraft, String channel) {
        this.spacecraft = spacecraft;
        this.channel = channel;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Adds a point; the run closed by a change of split or a full record goes to {@code out}. */
    void add(Split pointSplit, long index, long millis, double value, double score, List<ScoreBatch> out) {
        if (size > 0 && (pointSplit != split || size == Limits.MAX_SCORE_POINTS)) {
            flush(out);
        }
        if (size == indices.length) {
            int grown = Math.min(size * 2, Limits.MAX_SCORE_POINTS);
            indices = Arrays.copyOf(indices, grown);
            times = Arrays.copyOf(times, grown);
            values = Arrays.copyOf(values, grown);
            scores = Arrays.copyOf(scores, grown);
        }
        split = pointSplit;
        indices[size] = index;
        times[size] = millis;
        values[size] = value;
        scores[size] = (float) score;
        size++;
    }

    /** Closes the run into {@code out} (nothing when empty). */
    void flush(List<ScoreBatch> out) {
        if (size == 0) {
            return;
        }
        out.add(new ScoreBatch(spacecraft, channel, split, THRESHOLD, Arrays.copyOf(indices, size),
                Arrays.copyOf(times, size), Arrays.copyOf(values, size), Arrays.copyOf(scores, size)));
        size = 0;
    }
}

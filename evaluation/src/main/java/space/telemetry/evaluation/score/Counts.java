package space.telemetry.evaluation.score;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Event-level counts and the figures derived from them.
 *
 * @param tp      credited labelled sequences
 * @param fp      runs overlapping no labelled point
 * @param fn      labelled sequences never credited
 * @param flagged test points inside a detected run
 * @param points  test points
 * @param delays  detection delays (detected index - sequence start) of the credited sequences
 */
public record Counts(int tp, int fp, int fn, long flagged, long points, List<Long> delays) {
    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, List.of());

    public Counts {
        delays = List.copyOf(delays);
    }

    public Counts plus(Counts other) {
        List<Long> all = new ArrayList<>(delays);
        all.addAll(other.delays);
        return new Counts(tp + other.tp, fp + other.fp, fn + other.fn, flagged + other.flagged,
                points + other.points, all);
    }

    /** TP / (TP + FP); NaN with no runs. */
    public double precision() {
        return tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
    }

    /** TP / (TP + FN); NaN with no labelled sequence. */
    public double recall() {
        return tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn);
    }

    /** F-beta from the counts: (1 + b^2) TP / ((1 + b^2) TP + b^2 FN + FP); NaN when all counts are zero. */
    public double f(double beta) {
        double b2 = beta * beta;
        double denominator = (1 + b2) * tp + b2 * fn + fp;
        return denominator == 0 ? Double.NaN : (1 + b2) * tp / denominator;
    }

    public double f05() {
        return f(0.5);
    }

    public double f1() {
        return f(1.0);
    }

    /** Flagged test points / test points. */
    public double coverage() {
        return points == 0 ? Double.NaN : (double) flagged / points;
    }

    /** Median detection delay (lower median), NaN without credited sequences. */
    public double medianDelay() {
        return quantile(0.5);
    }

    /** 90th percentile detection delay (nearest rank), NaN without credited sequences. */
    public double p90Delay() {
        return quantile(0.9);
    }

    private double quantile(double q) {
        if (delays.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(delays);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.size()); // nearest rank, 1-based
        return sorted.get(Math.max(0, rank - 1));
    }
}

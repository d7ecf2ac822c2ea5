package space.telemetry.evaluation.nab;

import java.util.Arrays;

/**
 * The corpus-wide total score as a function of the threshold: a row per distinct anomaly_score (descending), each
 * giving the total when every scorable row at or above it is a detection. A window counts once, with the best
 * (earliest) detection in it; a window without detection costs the FN weight; each detection outside windows adds
 * its (negative) FP weight. The first row, at +infinity, is the null detector.
 */
public final class ThresholdCurve {
    private static final double START = 0.5;
    private static final double FIRST_STEP = 0.1;
    private static final double TOLERANCE = 1e-7;

    private final double[] thresholds;
    private final double[] totals;

    private ThresholdCurve(double[] thresholds, double[] totals) {
        this.thresholds = thresholds;
        this.totals = totals;
    }

    /**
     * The curve of scorable rows: {@code score[i]} the detector's anomaly_score, {@code weight[i]} its
     * {@link RowWeights} weight, {@code window[i]} its window's id in 0..windows-1 or -1 outside windows.
     *
     * @throws IllegalArgumentException when a score is NaN
     */
    public static ThresholdCurve of(double[] score, double[] weight, int[] window, int windows, double fnWeight) {
        for (double v : score) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("an anomaly score is NaN");
            }
        }
        int[] order = descending(score);
        double[] best = new double[windows];
        boolean[] hit = new boolean[windows];
        double[] thresholds = new double[score.length + 1];
        double[] totals = new double[score.length + 1];
        double total = -fnWeight * windows;
        thresholds[0] = Double.POSITIVE_INFINITY;
        totals[0] = total;
        int rows = 1;
        int k = 0;
        while (k < order.length) {
            double threshold = score[order[k]];
            while (k < order.length && score[order[k]] == threshold) {
                int i = order[k++];
                int w = window[i];
                if (w < 0) {
                    total += weight[i];
                } else if (!hit[w]) {
                    hit[w] = true;
                    best[w] = weight[i];
                    total += fnWeight + weight[i];
                } else if (weight[i] > best[w]) {
                    total += weight[i] - best[w];
                    best[w] = weight[i];
                }
            }
            thresholds[rows] = threshold;
            totals[rows++] = total;
        }
        return new ThresholdCurve(Arrays.copyOf(thresholds, rows), Arrays.copyOf(totals, rows));
    }

    /** Row indices by score, highest first (a stable counting sort over the ranks of the distinct scores). */
    private static int[] descending(double[] score) {
        double[] distinct = score.clone();
        Arrays.sort(distinct);
        int m = 0;
        for (int i = 0; i < distinct.length; i++) {
            if (m == 0 || Double.compare(distinct[i], distinct[m - 1]) != 0) {
                distinct[m++] = distinct[i];
            }
        }
        int[] rank = new int[score.length];
        int[] start = new int[m + 1];
        for (int i = 0; i < score.length; i++) {
            rank[i] = m - 1 - Arrays.binarySearch(distinct, 0, m, score[i]);
            start[rank[i] + 1]++;
        }
        for (int r = 0; r < m; r++) {
            start[r + 1] += start[r];
        }
        int[] order = new int[score.length];
        for (int i = 0; i < score.length; i++) {
            order[start[rank[i]]++] = i;
        }
        return order;
    }

    /** The total when rows scoring at or above {@code threshold} are detections. */
    public double totalAt(double threshold) {
        // thresholds descend: find the last row whose threshold is >= the given one
        int lo = 0;
        int hi = thresholds.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (thresholds[mid] >= threshold) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return totals[lo];
    }

    /** The chosen threshold and its total. */
    public Choice choose(ThresholdSearch search) {
        return search == ThresholdSearch.EXACT ? best() : hillClimb();
    }

    /** The threshold with the highest total; the highest such threshold on ties. */
    public Choice best() {
        int best = 0;
        for (int i = 1; i < totals.length; i++) {
            if (totals[i] > totals[best]) {
                best = i;
            }
        }
        return new Choice(thresholds[best], totals[best]);
    }

    /** NAB's hill climb ({@link ThresholdSearch#NAB_HILL_CLIMB}). */
    public Choice hillClimb() {
        double x = START;
        double step = FIRST_STEP;
        double bestTotal = totalAt(x);
        while (step > TOLERANCE) {
            x += step;
            double up = totalAt(x);
            if (up > bestTotal) {
                bestTotal = up;
                step *= 2;
                continue;
            }
            x -= 2 * step;
            double down = totalAt(x);
            if (down > bestTotal) {
                bestTotal = down;
                step *= 2;
            } else {
                x += step;
                step *= 0.5;
            }
        }
        return new Choice(x, bestTotal);
    }

    /** Distinct thresholds on the curve, the null detector's +infinity included. */
    public int size() {
        return thresholds.length;
    }

    /** A threshold and the corpus total it gives. */
    public record Choice(double threshold, double total) {
    }
}

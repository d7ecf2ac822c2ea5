package space.telemetry.evaluation.nab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import space.telemetry.data.nab.NabSeries;
import space.telemetry.data.nab.RowWindow;

/**
 * NAB's scoring of a detector's per-row anomaly_score over a corpus (Lavin &amp; Ahmad 2015): the probationary
 * rows are left out, every other row is weighted by {@link RowWeights}, one threshold per profile is chosen over
 * the whole corpus ({@link ThresholdCurve}) and the total is normalised between the null and perfect detectors.
 */
public final class NabScorer {
    private final List<NabSeries> corpus;

    public NabScorer(List<NabSeries> corpus) {
        this.corpus = List.copyOf(corpus);
    }

    /**
     * Scores the detector whose anomaly_score per row of each series (by key) is given.
     *
     * @throws IllegalArgumentException when a series has no scores or another number of them than rows
     */
    public NabResult score(Map<String, double[]> scores, NabProfile profile, ThresholdSearch search) {
        return prepare(scores, profile).result(search);
    }

    /** The weights and threshold curve of a detector under a profile, to choose thresholds from. */
    public Prepared prepare(Map<String, double[]> scores, NabProfile profile) {
        int rows = 0;
        for (NabSeries s : corpus) {
            rows += s.length() - s.probation();
        }
        double[] score = new double[rows];
        double[] weight = new double[rows];
        int[] window = new int[rows];
        List<RowWeights> weights = new ArrayList<>(corpus.size());
        List<int[]> windowIds = new ArrayList<>(corpus.size());
        int windows = 0;
        int at = 0;
        for (NabSeries s : corpus) {
            double[] seriesScores = scoresOf(scores, s);
            RowWeights w = RowWeights.of(s.length(), s.rowWindows(), profile);
            int[] ids = scorableWindowIds(s, w, windows);
            for (int row = s.probation(); row < s.length(); row++) {
                score[at] = seriesScores[row];
                weight[at] = w.weight()[row];
                window[at++] = w.window()[row] < 0 ? -1 : ids[w.window()[row]];
            }
            for (int id : ids) {
                windows = Math.max(windows, id + 1);
            }
            weights.add(w);
            windowIds.add(ids);
        }
        ThresholdCurve curve = ThresholdCurve.of(score, weight, window, windows, profile.fnWeight());
        return new Prepared(scores, profile, curve, weights, windowIds, windows);
    }

    /** A detector's curve under a profile; gives the result of a threshold search. */
    public final class Prepared {
        private final Map<String, double[]> scores;
        private final NabProfile profile;
        private final ThresholdCurve curve;
        private final List<RowWeights> weights;
        private final List<int[]> windowIds;
        private final int windows;

        private Prepared(Map<String, double[]> scores, NabProfile profile, ThresholdCurve curve,
                List<RowWeights> weights, List<int[]> windowIds, int windows) {
            this.scores = scores;
            this.profile = profile;
            this.curve = curve;
            this.weights = weights;
            this.windowIds = windowIds;
            this.windows = windows;
        }

        /** The score at the threshold the search chooses, with its per-series breakdown. */
        public NabResult result(ThresholdSearch search) {
            ThresholdCurve.Choice choice = curve.choose(search);
            List<NabResult.SeriesResult> series = new ArrayList<>(corpus.size());
            for (int i = 0; i < corpus.size(); i++) {
                series.add(seriesAt(corpus.get(i), scoresOf(scores, corpus.get(i)), weights.get(i),
                        windowIds.get(i), choice.threshold(), profile));
            }
            return new NabResult(profile, search, choice.threshold(), choice.total(), windows, series);
        }
    }

    /** Corpus ids for the series' windows that have scorable rows (-1 for a window inside the probation). */
    private static int[] scorableWindowIds(NabSeries s, RowWeights w, int firstId) {
        List<RowWindow> rowWindows = s.rowWindows();
        int[] ids = new int[rowWindows.size()];
        int next = firstId;
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rowWindows.get(i).last() >= s.probation() ? next++ : -1;
        }
        return ids;
    }

    private static NabResult.SeriesResult seriesAt(NabSeries s, double[] scores, RowWeights w, int[] ids,
            double threshold, NabProfile profile) {
        int scorable = (int) Arrays.stream(ids).filter(id -> id >= 0).count();
        double[] best = new double[ids.length];
        boolean[] hit = new boolean[ids.length];
        int falsePositives = 0;
        double raw = 0;
        for (int row = s.probation(); row < s.length(); row++) {
            if (!(scores[row] >= threshold)) {
                continue;
            }
            int k = w.window()[row];
            if (k < 0) {
                falsePositives++;
                raw += w.weight()[row];
            } else if (!hit[k] || w.weight()[row] > best[k]) {
                hit[k] = true;
                best[k] = w.weight()[row];
            }
        }
        int detected = 0;
        for (int k = 0; k < ids.length; k++) {
            if (ids[k] < 0) {
                continue;
            }
            if (hit[k]) {
                detected++;
                raw += best[k];
            } else {
                raw -= profile.fnWeight();
            }
        }
        return new NabResult.SeriesResult(s.key(), scorable, detected, falsePositives, raw);
    }

    private static double[] scoresOf(Map<String, double[]> scores, NabSeries s) {
        double[] values = scores.get(s.key());
        if (values == null) {
            throw new IllegalArgumentException("no anomaly scores for " + s.key());
        }
        if (values.length != s.length()) {
            throw new IllegalArgumentException(s.key() + ": " + values.length + " anomaly scores for " + s.length()
                    + " rows");
        }
        return values;
    }
}

package space.telemetry.evaluation.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import space.telemetry.data.nab.NabSeries;
import space.telemetry.data.nab.NabWindow;
import space.telemetry.data.nab.RowWindow;

/** NAB's rules, one at a time, on hand-made series of 100 rows (15 probationary). */
class NabScoringRulesTest {
    private static final LocalDateTime T0 = LocalDateTime.of(2020, 1, 1, 0, 0);
    private static final NabProfile STANDARD = NabProfile.STANDARD;

    @Test
    void theScaledSigmoidRunsFromAlmostOneAtAWindowsStartThroughZeroToMinusOneFarAfterIt() {
        assertThat(ScaledSigmoid.of(-1.0)).isCloseTo(0.98661, within(1e-5));
        assertThat(ScaledSigmoid.of(0.0)).isEqualTo(0.0);
        assertThat(ScaledSigmoid.of(1.0)).isCloseTo(-0.98661, within(1e-5));
        assertThat(ScaledSigmoid.of(3.0)).isGreaterThan(-1.0);
        assertThat(ScaledSigmoid.of(3.0001)).isEqualTo(-1.0);
    }

    @Test
    void aDetectionAtAWindowsFirstRowEarnsTheFullTpWeightAndLessTowardsItsEnd() {
        RowWeights w = RowWeights.of(100, List.of(new RowWindow(40, 49)), STANDARD);
        assertThat(w.weight()[40]).isCloseTo(1.0, within(1e-12));
        assertThat(w.weight()[49]).isCloseTo(ScaledSigmoid.of(-0.1) / ScaledSigmoid.of(-1.0), within(1e-12))
                .isBetween(0.0, 0.3);
        for (int row = 41; row <= 49; row++) {
            assertThat(w.weight()[row]).isLessThan(w.weight()[row - 1]);
            assertThat(w.window()[row]).isZero();
        }
        NabProfile doubled = new NabProfile("x", 2.0, 0.11, 1.0);
        assertThat(RowWeights.of(100, List.of(new RowWindow(40, 49)), doubled).weight()[40]).isCloseTo(2.0,
                within(1e-12));
    }

    @Test
    void aFalseAlarmCostsTheFullFpWeightBeforeTheFirstWindowAndLessJustAfterAWindow() {
        RowWeights w = RowWeights.of(100, List.of(new RowWindow(40, 49)), STANDARD);
        assertThat(w.weight()[20]).isEqualTo(-0.11);
        assertThat(w.window()[20]).isEqualTo(-1);
        // just after the window: the distance 1 row over (width - 1) = 9 rows
        assertThat(w.weight()[50]).isCloseTo(0.11 * ScaledSigmoid.of(1.0 / 9), within(1e-12)).isBetween(-0.11, 0.0);
        // more than 3 x 9 rows after the window's end: the full cost
        assertThat(w.weight()[77]).isEqualTo(-0.11);
        assertThat(w.weight()[76]).isGreaterThan(-0.11);
    }

    @Test
    void aMissedWindowCostsTheFnWeightAndNothingDetectedScoresZero() {
        NabSeries series = series(List.of(new RowWindow(30, 39), new RowWindow(70, 79)));
        NabResult none = score(series, new double[100], NabProfile.REWARD_LOW_FN, ThresholdSearch.EXACT);
        assertThat(none.raw()).isEqualTo(-4.0);
        assertThat(none.normalized()).isEqualTo(0.0);
        assertThat(none.series().get(0).detected()).isZero();

        double[] oneHit = new double[100];
        oneHit[30] = 1.0;
        NabResult half = score(series, oneHit, NabProfile.REWARD_LOW_FN, ThresholdSearch.EXACT);
        assertThat(half.threshold()).isEqualTo(1.0);
        assertThat(half.raw()).isCloseTo(1.0 - 2.0, within(1e-12));
        assertThat(half.normalized()).isCloseTo(100.0 * (-1.0 + 4.0) / (2.0 + 4.0), within(1e-9));
    }

    @Test
    void onlyTheEarliestDetectionInAWindowCountsAndDetectingEachWindowAtItsStartScores100() {
        NabSeries series = series(List.of(new RowWindow(30, 39), new RowWindow(70, 79)));
        double[] perfect = new double[100];
        perfect[30] = 1.0;
        perfect[70] = 1.0;
        double[] more = perfect.clone();
        for (int row = 31; row <= 39; row++) {
            more[row] = 1.0;
        }
        double[] late = new double[100];
        late[35] = 1.0;
        late[70] = 1.0;
        assertThat(score(series, perfect, STANDARD, ThresholdSearch.EXACT).normalized()).isCloseTo(100.0,
                within(1e-9));
        assertThat(score(series, more, STANDARD, ThresholdSearch.EXACT).raw()).isCloseTo(2.0, within(1e-12));
        NabResult lateResult = score(series, late, STANDARD, ThresholdSearch.EXACT);
        assertThat(lateResult.raw()).isLessThan(2.0).isGreaterThan(1.0);
        assertThat(lateResult.series().get(0).falsePositives()).isZero();
    }

    @Test
    void theProbationaryRowsAreNotScoredNorAreWindowsInsideThem() {
        assertThat(NabSeries.probation(100)).isEqualTo(15);
        assertThat(NabSeries.probation(10_000)).isEqualTo(750);
        NabSeries series = series(List.of(new RowWindow(2, 8), new RowWindow(50, 59)));
        double[] scores = new double[100];
        scores[0] = 1.0; // would be a false alarm, but probationary
        scores[5] = 1.0; // inside a probationary window
        scores[50] = 1.0;
        NabResult result = score(series, scores, STANDARD, ThresholdSearch.EXACT);
        assertThat(result.windows()).isEqualTo(1);
        assertThat(result.raw()).isCloseTo(1.0, within(1e-12));
        assertThat(result.series().get(0).falsePositives()).isZero();
    }

    @Test
    void theThresholdIsChosenOverTheWholeCorpusToMaximiseTheTotal() {
        // series a: its window scores 0.6 at the start, false alarms score 0.7 and 0.65 beforehand
        NabSeries a = series("c/a.csv", List.of(new RowWindow(60, 69)));
        double[] sa = new double[100];
        sa[20] = 0.7;
        sa[25] = 0.65;
        sa[60] = 0.6;
        // series b: its window scores 0.8 at its start
        NabSeries b = series("c/b.csv", List.of(new RowWindow(60, 69)));
        double[] sb = new double[100];
        sb[60] = 0.8;
        NabScorer scorer = new NabScorer(List.of(a, b));
        Map<String, double[]> scores = Map.of("c/a.csv", sa, "c/b.csv", sb);
        NabResult exact = scorer.score(scores, STANDARD, ThresholdSearch.EXACT);
        // 0.6 catches both windows at the cost of two false alarms: 2 - 0.22 beats 0.8's 1 - 1
        assertThat(exact.threshold()).isEqualTo(0.6);
        assertThat(exact.raw()).isCloseTo(2.0 - 0.22, within(1e-12));
        NabResult strictFp = scorer.score(scores, new NabProfile("strict", 1.0, 10.0, 1.0), ThresholdSearch.EXACT);
        // when false alarms cost 10, only b's window is worth detecting: threshold 0.8
        assertThat(strictFp.threshold()).isEqualTo(0.8);
        assertThat(strictFp.raw()).isCloseTo(0.0, within(1e-12));
        NabResult hill = scorer.score(scores, STANDARD, ThresholdSearch.NAB_HILL_CLIMB);
        assertThat(hill.raw()).isCloseTo(exact.raw(), within(1e-12));
        assertThat(hill.threshold()).isBetween(0.0, 0.6);
    }

    private static NabResult score(NabSeries series, double[] scores, NabProfile profile, ThresholdSearch search) {
        return new NabScorer(List.of(series)).score(Map.of(series.key(), scores), profile, search);
    }

    private static NabSeries series(List<RowWindow> windows) {
        return series("test/s.csv", windows);
    }

    private static NabSeries series(String key, List<RowWindow> windows) {
        List<LocalDateTime> times = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            times.add(T0.plusMinutes(5L * i));
        }
        List<NabWindow> nabWindows = windows.stream()
                .map(w -> new NabWindow(times.get(w.first()), times.get(w.last()))).toList();
        NabSeries series = new NabSeries(key, times, new double[100], nabWindows);
        assertThat(series.rowWindows()).isEqualTo(windows);
        return series;
    }

}

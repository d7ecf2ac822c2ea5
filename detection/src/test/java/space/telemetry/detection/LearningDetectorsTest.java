package space.telemetry.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The detectors that learn from the history: causality, exact restore, compact state, and that they detect. */
class LearningDetectorsTest {
    private static final int TRAIN = 3_000;
    private static final int TEST = 3_000;
    private static final int COMMANDS = 54; // MSL-sized rows: the largest state

    static List<Supplier<Detector>> factories() {
        return List.of(
                () -> new IsolationForestDetector(50, 128, 256, 10, 64, 7),
                () -> new ForecastDetector(3, true, 1e-3, 30, 250, 500, 0.01),
                () -> new ForecastDetector(10, true, 1e-3, 100, 250, 500, 0.01, 2000),
                () -> new NoveltyDetector(0.01, 2.0, 200),
                () -> new ForecastDetector(3, true, 1e-3, 100, 250, 500, 0.01, 2000, true, 200),
                () -> new ForecastDetector(3, true, 1e-3, 30, 250, 500, 0.01, 2000, false, 200, 50), // early fits
                () -> new SeasonalDetector(12, 400, 3, 0.5, 30, 2000, 200, 0.01),
                () -> new SeasonalDetector(12, 400, 3, 0.5, 30, 2000, 200, 0.01, true)); // a day in a week
    }

    /** Detectors that score something other than a level shift: checked for causality and exact restore only. */
    static List<Supplier<Detector>> allFactories() {
        List<Supplier<Detector>> all = new ArrayList<>(factories());
        all.add(() -> new RangeNoveltyDetector(100));
        all.add(() -> new RangeNoveltyDetector(100, 2000, 0.02, 0.2, 0)); // recent margin
        all.add(() -> new RangeNoveltyDetector(100, 2000, 0.02, 0.2, 6)); // recent margin, held new levels
        all.add(() -> new FlatRunDetector(0.002, 20, 0.25));
        all.add(() -> new FlatRunDetector(0.002, 20, 0.25, 20));
        all.add(() -> new VarianceShiftDetector(200, 0.001, true, true));
        all.add(() -> new MlpForecastDetector(10, 8, 2, 1e-3, 32, 1, true, 30, 2000, 200, 0.01, 3000, 200));
        all.add(() -> new MlpForecastDetector(10, 8, 1, 1e-3, 32, 1, true, 30, 500, 100, 0.01, 500, 200)); // buffer wraps
        all.add(() -> new MlpForecastDetector(10, 8, 2, 1e-3, 32, 1, 3, true, 30, 2000, 200, 0.01, 3000, 200));
        all.add(() -> new MlpForecastDetector(50, 32, 1, 1e-3, 32, 1, 3, true, 30, 2000, 200, 0.01, 3000, 200)); // shipped size
        return all;
    }

    /** A seasonal series with sparse commands; a level shift and a burst of noise planted in the test split. */
    static double[][] stream(long seed) {
        Random random = new Random(seed);
        double[][] rows = new double[TRAIN + TEST][COMMANDS + 1];
        for (int t = 0; t < rows.length; t++) {
            double v = 0.4 * Math.sin(t / 30.0) + 0.02 * random.nextGaussian();
            int test = t - TRAIN;
            if (test >= 1000 && test < 1100) {
                v += 0.8;
            }
            if (test >= 2000 && test < 2100) {
                v += 0.3 * random.nextGaussian();
            }
            rows[t][0] = v;
            if (random.nextInt(100) == 0) {
                rows[t][1 + random.nextInt(COMMANDS)] = 1;
            }
        }
        return rows;
    }

    static double[] commands(double[] row) {
        return java.util.Arrays.copyOfRange(row, 1, row.length);
    }

    static double[] scores(Detector detector, double[][] rows, int from, int to) {
        double[] scores = new double[to - from];
        for (int t = from; t < to; t++) {
            if (t == TRAIN) {
                detector.endOfHistory();
            }
            scores[t - from] = detector.score(rows[t][0], commands(rows[t]));
        }
        return scores;
    }

    @Test
    void aScoreDoesNotDependOnLaterPoints() {
        for (Supplier<Detector> factory : allFactories()) {
            double[][] rows = stream(1);
            double[][] changed = stream(1);
            int cut = TRAIN + 1_050;
            Random random = new Random(5);
            for (int t = cut + 1; t < changed.length; t++) {
                changed[t][0] = random.nextGaussian(); // the future is replaced by noise
            }
            double[] a = scores(factory.get(), rows, 0, rows.length);
            double[] b = scores(factory.get(), changed, 0, changed.length);
            for (int t = 0; t <= cut; t++) {
                assertThat(Double.valueOf(b[t])).as("%s at %d", factory.get().getClass().getSimpleName(), t)
                        .isEqualTo(Double.valueOf(a[t]));
            }
        }
    }

    @Test
    void restoredDetectorsContinueExactlyAndTheirStateIsCompact() throws Exception {
        for (Supplier<Detector> factory : allFactories()) {
            double[][] rows = stream(2);
            double[] expected = scores(factory.get(), rows, 0, rows.length);
            for (int cut : new int[] {100, TRAIN - 1, TRAIN, TRAIN + 1_050}) { // in the history, at its end, in test
                Detector first = factory.get();
                scores(first, rows, 0, cut);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                first.writeState(new DataOutputStream(bytes));
                assertThat(bytes.size()).as("state size of %s", first.getClass().getSimpleName())
                        .isLessThan(64 * 1024);
                Detector restored = factory.get();
                restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                double[] continued = scores(restored, rows, cut, rows.length);
                for (int t = cut; t < rows.length; t++) {
                    assertThat(Double.valueOf(continued[t - cut]))
                            .as("%s cut at %d, t %d", first.getClass().getSimpleName(), cut, t)
                            .isEqualTo(Double.valueOf(expected[t]));
                }
            }
        }
    }

    @Test
    void theHistoryOnlyWarmsUpAndThePlantedLevelShiftScoresHigherOnAverage() {
        for (Supplier<Detector> factory : factories()) {
            double[][] rows = stream(3);
            Detector detector = factory.get();
            double[] s = scores(detector, rows, 0, rows.length);
            for (int t = 0; t < TRAIN; t++) {
                assertThat(s[t]).as("%s history %d", detector.getClass().getSimpleName(), t).isNaN();
            }
            double inShift = mean(s, TRAIN + 1000, TRAIN + 1100);
            double quiet = mean(s, TRAIN + 100, TRAIN + 900);
            assertThat(inShift).as(detector.getClass().getSimpleName()).isGreaterThan(1.1 * quiet);
        }
    }

    @Test
    void theForestIsRebuiltIdenticallyFromItsSample() throws Exception {
        double[][] rows = stream(4);
        IsolationForestDetector a = new IsolationForestDetector(20, 64, 128, 5, 64, 3);
        scores(a, rows, 0, TRAIN + 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        a.writeState(new DataOutputStream(bytes));
        IsolationForestDetector b = new IsolationForestDetector(20, 64, 128, 5, 64, 3);
        b.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        List<Double> sa = new ArrayList<>();
        List<Double> sb = new ArrayList<>();
        for (int t = TRAIN + 1; t < rows.length; t++) {
            sa.add(a.score(rows[t][0], commands(rows[t])));
            sb.add(b.score(rows[t][0], commands(rows[t])));
        }
        assertThat(sb).isEqualTo(sa);
        assertThat(sa).allMatch(v -> v > 0 && v <= 1);
    }

    @Test
    void noveltyScoresTheDistanceToTheNearestKnownLevel() {
        NoveltyDetector novelty = new NoveltyDetector(0.1, 2.0, 3);
        novelty.score(0.05, new double[0]);
        novelty.score(0.55, new double[0]);
        novelty.endOfHistory();
        assertThat(novelty.score(0.05, new double[0])).isZero();
        assertThat(novelty.score(0.35, new double[0])).isEqualTo(0.2, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(novelty.score(1.05, new double[0])).isEqualTo(0.5, org.assertj.core.api.Assertions.within(1e-12));
        novelty.score(1.05, new double[0]);
        novelty.score(1.05, new double[0]); // the third visit adopts the level
        assertThat(novelty.score(1.05, new double[0])).isZero();
    }

    @Test
    void aFrozenValueScoresItsRunAgainstTheLongestRunOfTheHistory() {
        FlatRunDetector flat = new FlatRunDetector(0.002, 5, 0.25);
        double[] none = new double[0];
        Random random = new Random(8);
        for (int t = 0; t < 1000; t++) { // moving, with frozen stretches of 10 points
            flat.score(t % 50 < 10 ? 0.3 : random.nextGaussian() * 0.1, none);
        }
        flat.endOfHistory();
        assertThat(flat.score(0.5, none)).isEqualTo(0.1, org.assertj.core.api.Assertions.within(1e-12));
        double last = 0;
        for (int t = 0; t < 29; t++) {
            last = flat.score(0.5 + 0.001 * (t % 2), none);
        }
        assertThat(last).isEqualTo(3.0, org.assertj.core.api.Assertions.within(1e-12)); // 30 points / 10
        assertThat(flat.score(0.9, none)).isEqualTo(0.1, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void aChannelFlatByNatureNeverScoresAsFrozenAndLevelsAreJudgedApart() {
        double[] none = new double[0];
        FlatRunDetector flat = new FlatRunDetector(0.002, 5, 0.25);
        for (int t = 0; t < 1000; t++) {
            flat.score(-1.0, none);
        }
        flat.endOfHistory();
        for (int t = 0; t < 3000; t++) {
            assertThat(flat.score(-1.0, none)).isZero();
        }
        FlatRunDetector levels = new FlatRunDetector(0.002, 5, 0.25, 20);
        for (int t = 0; t < 990; t++) { // rests 90 points at -1, pulses 10 points at +1 (ends resting)
            levels.score(t % 100 < 90 ? -1.0 : 1.0, none);
        }
        levels.endOfHistory();
        double high = 0;
        for (int t = 0; t < 40; t++) {
            high = levels.score(1.0, none);
        }
        assertThat(high).isEqualTo(4.0, org.assertj.core.api.Assertions.within(1e-12)); // 40 / 10 at the high level
    }

    @Test
    void anAmplitudeCollapseRaisesTheVarianceShiftScore() {
        VarianceShiftDetector variance = new VarianceShiftDetector(100, 0.001, true, false);
        double[] none = new double[0];
        for (int t = 0; t < 2000; t++) {
            assertThat(variance.score(Math.sin(t / 5.0), none)).isNaN();
        }
        variance.endOfHistory();
        double normal = 0;
        for (int t = 0; t < 300; t++) {
            normal = variance.score(Math.sin(t / 5.0), none);
        }
        double collapsed = 0;
        for (int t = 0; t < 300; t++) {
            collapsed = variance.score(0.1 * Math.sin(t / 5.0), none);
        }
        assertThat(normal).isLessThan(1.2);
        assertThat(collapsed).isGreaterThan(8.0);
    }

    @Test
    void theDifferencedForecasterSeesASpikeAtALevelTheHistoryNeverVisited() {
        double[] none = new double[0];
        ForecastDetector level = new ForecastDetector(3, false, 1e-3, 10, 250, 100, 0.01, 2000, false, 200);
        ForecastDetector change = new ForecastDetector(3, false, 1e-3, 10, 250, 100, 0.01, 2000, true, 200);
        Random random = new Random(9);
        for (int t = 0; t < 1500; t++) { // constant in the history
            double v = 1.0 + 1e-4 * random.nextGaussian();
            level.score(v, none);
            change.score(v, none);
        }
        level.endOfHistory();
        change.endOfHistory();
        double[] levelScores = new double[1500];
        double[] changeScores = new double[1500];
        for (int t = 0; t < 1500; t++) { // a new level, then a spike
            double v = (t >= 1200 && t < 1205 ? 1.0 : -1.0) + 1e-4 * random.nextGaussian();
            levelScores[t] = level.score(v, none);
            changeScores[t] = change.score(v, none);
        }
        assertThat(max(changeScores, 1200, 1220)).isGreaterThan(20.0);
        assertThat(max(changeScores, 300, 1200)).isLessThan(5.0);
        assertThat(Double.valueOf(changeScores[300])).as("scored after min-window errors").isNotNaN();
        assertThat(max(levelScores, 1200, 1220)).isLessThan(max(changeScores, 1200, 1220));
    }

    @Test
    void earlyFitsGiveAShortHistoryOutOfSampleErrorsToJudgeItsFirstTestPoints() {
        double[] none = new double[0];
        // first-fit = refit-every: the first fit is at the end of a 240-point history, so no error precedes the test
        ForecastDetector late = new ForecastDetector(3, false, 1e-3, 10, 250, 0, 0.01, 2000, false, 100, 250);
        // fits after 50, 100 and 200 points: the history's last 190 points have out-of-sample errors
        ForecastDetector early = new ForecastDetector(3, false, 1e-3, 10, 250, 0, 0.01, 2000, false, 100, 50);
        Random random = new Random(10);
        for (int t = 0; t < 240; t++) {
            double v = Math.sin(t / 10.0) + 0.01 * random.nextGaussian();
            assertThat(late.score(v, none)).isNaN();
            assertThat(early.score(v, none)).isNaN();
        }
        late.endOfHistory();
        early.endOfHistory();
        double[] lateScores = new double[200];
        double[] earlyScores = new double[200];
        for (int t = 0; t < 200; t++) {
            double v = Math.sin((240 + t) / 10.0) + 0.01 * random.nextGaussian() + (t >= 20 && t < 30 ? 1.0 : 0.0);
            lateScores[t] = late.score(v, none);
            earlyScores[t] = early.score(v, none);
        }
        assertThat(Double.valueOf(lateScores[99])).as("window filled by test errors only").isNaN();
        assertThat(Double.valueOf(lateScores[100])).isNotNaN();
        assertThat(Double.valueOf(earlyScores[0])).isNotNaN();
        assertThat(max(earlyScores, 20, 30)).as("a shift in the first test points").isGreaterThan(8.0);
        assertThat(max(earlyScores, 0, 20)).isLessThan(5.0);
    }

    @Test
    void firstFitMustLieWithinTheRefitPeriod() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new ForecastDetector(3, false, 1e-3, 10, 250, 0, 0.01, 2000, false, 100, 300))
                .hasMessageContaining("first-fit");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new ForecastDetector(3, false, 1e-3, 10, 250, 0, 0.01, 2000, false, 100, 0))
                .hasMessageContaining("first-fit");
    }

    @Test
    void anEnsembleForecastsTheMeanOfItsNetworksSeededFromTheBaseSeed() {
        double[][] rows = stream(6);
        int lags = 10;
        MlpForecastDetector[] singles = new MlpForecastDetector[3];
        for (int k = 0; k < 3; k++) { // network k of the ensemble is the single network seeded with base + k
            singles[k] = new MlpForecastDetector(lags, 8, 2, 1e-3, 32, 7 + k, 1, true, 1, 2000, 200, 0.01, 3000, 200);
        }
        MlpForecastDetector ensemble = new MlpForecastDetector(lags, 8, 2, 1e-3, 32, 7, 3, true, 1, 2000, 200, 0.01,
                3000, 200);
        for (int t = 0; t < TRAIN; t++) {
            ensemble.score(rows[t][0], commands(rows[t]));
            for (MlpForecastDetector single : singles) {
                single.score(rows[t][0], commands(rows[t]));
            }
        }
        ensemble.endOfHistory();
        for (MlpForecastDetector single : singles) {
            single.endOfHistory();
        }
        double[] none = new double[COMMANDS];
        for (int t = TRAIN; t < TRAIN + 50; t++) { // span 1: the smoothed error is the error of the forecast
            double value = rows[t][0];
            double mean = 0;
            for (MlpForecastDetector single : singles) {
                mean += single.forecast(none);
            }
            assertThat(ensemble.forecast(none)).isCloseTo(mean / 3, org.assertj.core.api.Assertions.within(1e-12));
            ensemble.score(value, none);
            for (MlpForecastDetector single : singles) {
                single.score(value, none);
            }
        }
        assertThat(singles[0].forecast(none)).isNotEqualTo(singles[1].forecast(none));
    }

    @Test
    void errorsAreKeptAtHalfPrecisionExactly() {
        Random random = new Random(10);
        for (int i = 0; i < 100_000; i++) {
            double error = Math.exp(random.nextDouble() * 30 - 25); // 1e-11 .. 1e2
            float rounded = HalfFloat.round(error);
            assertThat(HalfFloat.decode(HalfFloat.encode(rounded))).isEqualTo(rounded);
            double tolerance = Math.max(error * (0x1p-11 + 0x1p-20), 0x1p-25);
            assertThat((double) rounded).isCloseTo(error, org.assertj.core.api.Assertions.within(tolerance));
        }
        assertThat(HalfFloat.round(0.0)).isZero();
        assertThat(HalfFloat.round(1e9)).isEqualTo(65504f);
        assertThat(HalfFloat.decode(HalfFloat.encode(65504f))).isEqualTo(65504f);
        assertThat(HalfFloat.round(1.0 + 0x1p-11)).isEqualTo(1f); // ties to even
        assertThat(HalfFloat.round(1.0 + 0x1p-10)).isEqualTo(1f + 0x1p-10f);
    }

    private static double max(double[] s, int from, int to) {
        double m = Double.NEGATIVE_INFINITY;
        for (int t = from; t < to; t++) {
            if (!Double.isNaN(s[t])) {
                m = Math.max(m, s[t]);
            }
        }
        return m;
    }

    private static double mean(double[] s, int from, int to) {
        double sum = 0;
        int n = 0;
        for (int t = from; t < to; t++) {
            if (!Double.isNaN(s[t])) {
                sum += s[t];
                n++;
            }
        }
        return sum / n;
    }
}

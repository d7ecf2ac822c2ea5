package space.telemetry.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The seasonal detector: causal period estimate, contextual anomalies, no echo one period later. */
class SeasonalDetectorTest {
    private static final double[] NONE = new double[0];
    private static final int DAY = 48; // half-hourly points

    /** A daily rhythm (a peak in the afternoon) with noise. */
    private static double daily(int t, Random random) {
        double phase = 2 * Math.PI * (t % DAY) / DAY;
        return 10 + 5 * Math.sin(phase) + 2 * Math.cos(2 * phase) + 0.3 * random.nextGaussian();
    }

    /** The daily rhythm at half its level on weekends (days 5 and 6 of each week). */
    private static double weekly(int t, Random random) {
        return daily(t, random) * ((t / DAY) % 7 >= 5 ? 0.5 : 1.0);
    }

    private static SeasonalDetector detector() {
        return new SeasonalDetector(12, 400, 3, 0.5, 10, 2000, 200, 0.01);
    }

    private static SeasonalDetector afterHistory(int points, java.util.function.IntToDoubleFunction series) {
        SeasonalDetector seasonal = detector();
        for (int t = 0; t < points; t++) {
            assertThat(seasonal.score(series.applyAsDouble(t), NONE)).isNaN();
        }
        seasonal.endOfHistory();
        return seasonal;
    }

    @Test
    void thePeriodIsTheAutocorrelationPeakOfTheHistory() {
        Random random = new Random(1);
        assertThat(afterHistory(750, t -> daily(t, random)).period()).isEqualTo(DAY);
        Random weekly = new Random(2); // a quieter weekend: the week (336 points) is the strongest peak
        assertThat(afterHistory(1200, t -> daily(t, weekly) * ((t / DAY) % 7 >= 5 ? 0.3 : 1.0)).period())
                .isEqualTo(7 * DAY);
    }

    @Test
    void withSubPeriodTheDayThatDividesTheWeekIsAShortPeriod() {
        Random random = new Random(2);
        java.util.function.IntToDoubleFunction week = t -> weekly(t, random);
        SeasonalDetector seasonal = new SeasonalDetector(12, 400, 3, 0.5, 10, 2000, 200, 0.01, true);
        for (int t = 0; t < 1200; t++) {
            seasonal.score(week.applyAsDouble(t), NONE);
        }
        seasonal.endOfHistory();
        assertThat(seasonal.period()).isEqualTo(7 * DAY);
        assertThat(seasonal.shortPeriod()).isEqualTo(DAY);
        assertThat(afterHistory(1200, week).shortPeriod()).as("without sub-period").isZero();
    }

    @Test
    void withSubPeriodAWeekdayFlatAsAWeekendDayScoresHighAndNormalWeeksDoNot() {
        Random random = new Random(7);
        java.util.function.IntToDoubleFunction week = t -> weekly(t, random);
        SeasonalDetector seasonal = new SeasonalDetector(12, 400, 3, 0.5, 10, 2000, 200, 0.01, true);
        for (int t = 0; t < 1200; t++) {
            seasonal.score(week.applyAsDouble(t), NONE);
        }
        seasonal.endOfHistory();
        int holiday = 1200 + 4 * 7 * DAY + 2 * DAY - 1200 % (7 * DAY); // a Wednesday four weeks into the test
        double[] scores = new double[8 * 7 * DAY];
        for (int t = 0; t < scores.length; t++) {
            int time = 1200 + t;
            double v = week.applyAsDouble(time);
            if (time >= holiday && time < holiday + DAY) {
                v = 0.5 * daily(time, random); // shaped like a weekend day
            }
            scores[t] = seasonal.score(v, NONE);
        }
        assertThat(max(scores, holiday - 1200, holiday - 1200 + DAY)).isGreaterThan(8.0);
        assertThat(max(scores, 0, holiday - 1200)).isLessThan(4.0);
    }

    @Test
    void noiseARandomWalkAndAShortHistoryHaveNoPeriodAndScoreNothing() {
        Random noise = new Random(3);
        SeasonalDetector white = afterHistory(1000, t -> noise.nextGaussian());
        Random steps = new Random(4);
        double[] walk = {0};
        SeasonalDetector drifting = afterHistory(1000, t -> walk[0] += steps.nextGaussian());
        Random random = new Random(5);
        SeasonalDetector shortHistory = afterHistory(2 * 12, t -> daily(t, random));
        for (SeasonalDetector seasonal : new SeasonalDetector[] {white, drifting, shortHistory}) {
            assertThat(seasonal.period()).isZero();
            for (int t = 0; t < 500; t++) {
                assertThat(seasonal.score(noise.nextGaussian(), NONE)).isNaN();
            }
        }
    }

    @Test
    void aMissingDailyPeakInsideTheRangeScoresHighAndDoesNotEchoADayLater() {
        Random random = new Random(6);
        SeasonalDetector seasonal = afterHistory(750, t -> daily(t, random));
        double[] scores = new double[20 * DAY];
        for (int t = 0; t < scores.length; t++) {
            double v = daily(750 + t, random);
            if (t >= 10 * DAY && t < 11 * DAY) {
                v = 10 + 0.3 * random.nextGaussian(); // a flat day: every value inside the history's range
            }
            scores[t] = seasonal.score(v, NONE);
        }
        assertThat(scores[0]).as("the history's differences fill the window").isNotNaN();
        assertThat(max(scores, 10 * DAY, 11 * DAY)).isGreaterThan(8.0);
        assertThat(max(scores, 0, 10 * DAY)).isLessThan(4.0);
        assertThat(max(scores, 12 * DAY, 20 * DAY)).as("the median of 3 days ignores the flat day").isLessThan(4.0);
    }

    @Test
    void invalidSettingsAreRejected() throws Exception {
        assertThatThrownBy(() -> new SeasonalDetector(12, 400, 1, 0.5, 10, 2000, 200, 0.01))
                .hasMessageContaining("periods >= 2");
        assertThatThrownBy(() -> new SeasonalDetector(12, 10, 3, 0.5, 10, 2000, 200, 0.01))
                .hasMessageContaining("min-period <= max-period");
        assertThatThrownBy(() -> DetectionConfig.parse(
                "detectors: [{name: s, type: seasonal, threshold: 8, params: {period: 48}}]"))
                .hasMessageContaining("unknown params [period]");
        assertThat(DetectionConfig.parse("detectors: [{name: s, type: seasonal, threshold: 8, params: "
                + "{min-period: 12, max-period: 400, periods: 3, min-acf: 0.5, span: 30, window: 2000, "
                + "min-window: 200, min-std: 0.01}}]").detectors()).hasSize(1);
    }

    private static double max(double[] values, int from, int to) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            max = Math.max(max, values[i]);
        }
        return max;
    }
}

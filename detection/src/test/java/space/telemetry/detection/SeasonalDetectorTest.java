package space.telemetry.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The seasonal detector: causal period estimate, contextual anomalies, no echo one period later. */
class SeasonalDetectorTest {
    private static final double[] NONE = new double[0];
    private static final int DAY = 48; // half-hourly points
    private static final int WEEK = 7 * DAY;
    private static final int HISTORY = 1200;

    /** A daily rhythm (a peak in the afternoon) with noise. */
    private static double daily(int t, Random random) {
        double phase = 2 * Math.PI * (t % DAY) / DAY;
        return 10 + 5 * Math.sin(phase) + 2 * Math.cos(2 * phase) + 0.3 * random.nextGaussian();
    }

    /** The daily rhythm at half its level on weekends (days 5 and 6 of each week). */
    private static double weekly(int t, Random random) {
        return daily(t, random) * ((t / DAY) % 7 >= 5 ? 0.5 : 1.0);
    }

    private static SeasonalDetector detector(boolean subPeriod) {
        return new SeasonalDetector(12, 400, 3, 0.5, 10, 2000, 200, 0.01, subPeriod);
    }

    private static SeasonalDetector afterHistory(int points, IntToDoubleFunction series) {
        return afterHistory(detector(false), points, series);
    }

    private static SeasonalDetector afterHistory(SeasonalDetector seasonal, int points, IntToDoubleFunction series) {
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
                .isEqualTo(WEEK);
    }

    @Test
    void withSubPeriodTheDayThatDividesTheWeekIsAShortPeriodThatARestoreKeeps() throws IOException {
        Random random = new Random(2);
        SeasonalDetector seasonal = afterHistory(detector(true), HISTORY, t -> weekly(t, random));
        assertThat(seasonal.period()).isEqualTo(WEEK);
        assertThat(seasonal.shortPeriod()).isEqualTo(DAY);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        seasonal.writeState(new DataOutputStream(bytes));
        SeasonalDetector restored = detector(true);
        restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(restored.shortPeriod()).isEqualTo(DAY);
        for (int t = HISTORY; t < HISTORY + WEEK; t++) {
            double v = weekly(t, random);
            assertThat(restored.score(v, NONE)).isEqualTo(seasonal.score(v, NONE));
        }
    }

    @Test
    void withSubPeriodAWeekdayShapedLikeAWeekendDayIsAnAnomalyMidWeekButNotRightAfterAWeekend() {
        double[] wednesday = weekendShapedDay(true, 2);
        assertThat(wednesday[0]).as("Wednesday: unlike the last Wednesdays and the last days").isGreaterThan(8.0);
        assertThat(wednesday[1]).as("the normal days before it").isLessThan(4.0);
        assertThat(weekendShapedDay(true, 0)[0]).as("Monday: like the last days (Sunday, Saturday, Friday)")
                .isLessThan(4.0);
        assertThat(weekendShapedDay(false, 0)[0]).as("Monday, the week's reference alone").isGreaterThan(8.0);
    }

    /**
     * The weekly series after a {@value #HISTORY}-point history, with day {@code day} (0: Monday) of week 6 shaped like
     * a weekend day: the highest score on that day, and the highest before it.
     */
    private static double[] weekendShapedDay(boolean subPeriod, int day) {
        Random random = new Random(7);
        SeasonalDetector seasonal = afterHistory(detector(subPeriod), HISTORY, t -> weekly(t, random));
        int holiday = 6 * WEEK + day * DAY;
        double[] scores = new double[holiday + DAY - HISTORY];
        for (int t = HISTORY; t < holiday + DAY; t++) {
            double v = t >= holiday ? 0.5 * daily(t, random) : weekly(t, random);
            scores[t - HISTORY] = seasonal.score(v, NONE);
        }
        return new double[] {max(scores, holiday - HISTORY, scores.length), max(scores, 0, holiday - HISTORY)};
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

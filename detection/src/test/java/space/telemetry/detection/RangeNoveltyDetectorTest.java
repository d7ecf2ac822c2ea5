package space.telemetry.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RangeNoveltyDetectorTest {
    private static final double[] NO_COMMANDS = new double[0];

    private static RangeNoveltyDetector afterHistory(double... history) {
        return fed(new RangeNoveltyDetector(3), history);
    }

    @Test
    void scoresTheExcessBeyondTheSecondExtremesInUnitsOfTheirRange() {
        RangeNoveltyDetector detector = afterHistory(9, 10, 20, 21, 15);
        assertThat(detector.score(12, NO_COMMANDS)).isZero();
        assertThat(detector.score(21, NO_COMMANDS)).isCloseTo(0.1, within(1e-12)); // 1 beyond 10..20
        assertThat(detector.score(8, NO_COMMANDS)).isCloseTo(2.0 / 11, within(1e-12)); // range is now 10..21
    }

    @Test
    void aNewLevelAlarmsAtItsFirstPointsThenBelongsToTheRange() {
        RangeNoveltyDetector detector = afterHistory(0, 0, 1, 1, 0.5);
        assertThat(detector.score(3, NO_COMMANDS)).isCloseTo(2.0, within(1e-12));
        assertThat(detector.score(3, NO_COMMANDS)).isCloseTo(2.0, within(1e-12));
        assertThat(detector.score(3, NO_COMMANDS)).isZero();
        assertThat(detector.score(2.9, NO_COMMANDS)).isZero();
    }

    @Test
    void aChannelWithoutEnoughValuesSeenIsNotScoredYet() {
        RangeNoveltyDetector detector = new RangeNoveltyDetector(100);
        detector.endOfHistory(); // a fresh start mid-stream: no history at all
        for (int i = 0; i < 100; i++) {
            assertThat(detector.score(i, NO_COMMANDS)).as("value %d", i).isNaN(); // each one a new extreme
        }
        assertThat(detector.score(200, NO_COMMANDS)).isGreaterThan(1.0);
    }

    @Test
    void oneGlitchDoesNotWidenTheRange() {
        RangeNoveltyDetector detector = afterHistory(0, 0, 1, 1, 1e6, 0.5);
        assertThat(detector.score(1.5, NO_COMMANDS)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void theScoreIsFreeOfTheChannelsUnitsAndOffset() {
        RangeNoveltyDetector volts = afterHistory(0.1, 0.1, 0.3, 0.3, 0.2);
        RangeNoveltyDetector millivoltsOffset = afterHistory(1100, 1100, 1300, 1300, 1200);
        assertThat(volts.score(0.35, NO_COMMANDS)).isCloseTo(millivoltsOffset.score(1350, NO_COMMANDS), within(1e-9));
    }

    @Test
    void aChannelConstantInItsHistoryScoresAChangeFinitely() {
        RangeNoveltyDetector detector = afterHistory(5, 5, 5);
        assertThat(detector.score(5, NO_COMMANDS)).isZero();
        assertThat(detector.score(5.5, NO_COMMANDS)).isFinite().isGreaterThan(1000);
    }

    // recent: the margin beyond the range is the largest excursion of the last 2,000 measured values, bounded

    private static RangeNoveltyDetector recentRange() {
        return new RangeNoveltyDetector(100, 2000, 0.02, 0.2, 0);
    }

    /**
     * 2,000 values in [0, 1] (0 and 1 each twice, the rest uniform in [0.01, 0.99]); with {@code drifting}, every 250
     * values the channel sets a new extreme 10% above the last one, reached twice.
     */
    static double[] history(boolean drifting) {
        Random random = new Random(11);
        double[] values = new double[2_000];
        for (int t = 0; t < values.length; t++) {
            values[t] = 0.01 + 0.98 * random.nextDouble();
        }
        values[0] = 0.0;
        values[1] = 1.0;
        values[2] = 0.0;
        values[3] = 1.0;
        if (drifting) {
            double high = 1.0;
            for (int t = 250; t < values.length; t += 250) {
                high *= 1.1;
                values[t] = high;
                values[t + 1] = high;
            }
        }
        return values;
    }

    private static RangeNoveltyDetector fed(RangeNoveltyDetector detector, double[] history) {
        for (double v : history) {
            assertThat(detector.score(v, NO_COMMANDS)).isNaN();
        }
        detector.endOfHistory();
        return detector;
    }

    @Test
    void aChannelWhoseRangeStoodStillInItsHistoryGetsTheSmallMargin() {
        RangeNoveltyDetector stable = fed(recentRange(), history(false));
        assertThat(stable.margin()).isEqualTo(0.02);
        assertThat(stable.score(1.05, NO_COMMANDS)).isCloseTo(2.5, within(1e-9)); // 0.05 of the range: 2.5 margins
    }

    @Test
    void aChannelThatKeptSettingNewExtremesKeepsAWiderMarginAndTheSameExcursionDoesNotFire() {
        RangeNoveltyDetector drifting = fed(recentRange(), history(true));
        assertThat(drifting.margin()).isCloseTo(0.1, within(1e-9)); // each new extreme went 0.1 of the range beyond
        double high = 1.1 * 1.1 * 1.1 * 1.1 * 1.1 * 1.1 * 1.1; // the last extreme of the history
        assertThat(drifting.score(high * 1.05, NO_COMMANDS)).isLessThan(1.0); // 0.05 of the range: below 1 margin
        RangeNoveltyDetector shipped = fed(new RangeNoveltyDetector(100), history(false));
        assertThat(shipped.score(1.05, NO_COMMANDS)).isLessThan(0.2); // the default does not fire at 0.05 either
    }

    @Test
    void aQuantisedChannelsMarginIsAtLeastOneStepSoTheNextLevelUpIsNotNew() {
        double[] history = new double[1_000];
        for (int t = 0; t < history.length; t++) {
            history[t] = (t % 7) / 19.0; // levels 0, 1/19, ..., 6/19: steps of 1/19
        }
        RangeNoveltyDetector detector = fed(recentRange(), history);
        assertThat(detector.margin()).isCloseTo(1.0 / 6, within(1e-6)); // one step of the range 0..6/19
        assertThat(detector.score(7 / 19.0, NO_COMMANDS)).isLessThanOrEqualTo(1.0);
        assertThat(detector.score(9 / 19.0, NO_COMMANDS)).isGreaterThan(1.0); // three steps beyond 6/19
    }

    @Test
    void aChannelWithoutAMeasuredHistoryGetsTheLargestMargin() {
        RangeNoveltyDetector detector = recentRange();
        detector.endOfHistory();
        assertThat(detector.margin()).isEqualTo(0.2);
    }

    @Test
    void theMarginFollowsTheLast2000To2250MeasuredValuesAndFallsOnceTheyAreQuiet() {
        // the history's last new extremes (0.1 beyond) are its measured values 1,651-1,652 of 1,900: block 7 of 250
        RangeNoveltyDetector recent = fed(recentRange(), history(true));
        assertThat(recent.margin()).isCloseTo(0.1, within(1e-9));
        double high = 1.1 * 1.1 * 1.1 * 1.1 * 1.1 * 1.1 * 1.1;
        for (int t = 0; t < 1_849; t++) { // quiet test values: 3,749 measured, blocks 7-14 and the current one
            assertThat(recent.score(0.5 * high, NO_COMMANDS)).isZero();
        }
        assertThat(recent.margin()).isCloseTo(0.1, within(1e-9));
        recent.score(0.5 * high, NO_COMMANDS); // 3,750: block 15 completes and replaces block 7 in the ring
        assertThat(recent.margin()).isCloseTo(0.02, within(1e-9));
        assertThat(recent.score(high * 1.05, NO_COMMANDS)).isCloseTo(2.5, within(1e-6)); // 0.05 of the range
        assertThat(recent.margin()).isCloseTo(0.05, within(1e-6)); // its own excursion widens the next margin
    }

    @Test
    void withoutOptionsTheStateHasTheFormatOfTheFixedRange() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        fed(new RangeNoveltyDetector(100), history(false)).writeState(new DataOutputStream(bytes));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(expected);
        out.writeBoolean(true); // history ended
        out.writeLong(2_000); // values seen
        for (double extreme : new double[] {1.0, 1.0, 0.0, 0.0}) { // highest, second largest, lowest, second smallest
            out.writeDouble(extreme);
        }
        assertThat(bytes.toByteArray()).isEqualTo(expected.toByteArray());
    }

    @Test
    void aQuantisedChannelsMarginRestoresExactlyAnywhere() throws Exception {
        double[] history = new double[1_000];
        for (int t = 0; t < history.length; t++) {
            history[t] = (t % 7) / 19.0; // the margin is one step (1/6 of the range): the step must be restored
        }
        double[] test = {0.1, 7 / 19.0, 0.2, 9 / 19.0, 0.3, 10 / 19.0};
        double[] expected = run(recentRange(), history, test, 0, null);
        assertThat(expected[history.length + 1]).isLessThanOrEqualTo(1.0); // the next level up: within one step
        for (int cut : new int[] {500, history.length, history.length + 1, history.length + 3}) {
            assertThat(run(recentRange(), history, test, cut, recentRange())).as("cut %d", cut)
                    .containsExactly(expected);
        }
    }

    @Test
    void recentMustBeAMultipleOf8AndHoldNeedsRecent() {
        assertThatThrownBy(() -> new RangeNoveltyDetector(100, 2001, 0.02, 0.2, 0)).hasMessageContaining("multiple of 8");
        assertThatThrownBy(() -> new RangeNoveltyDetector(100, 0, 0.02, 0.2, 6)).hasMessageContaining("hold needs recent");
    }

    @Test
    void theRecentMarginRestoresExactlyAnywhere() throws Exception {
        double[] history = history(true);
        double[] test = new double[1_000];
        Random random = new Random(3);
        for (int t = 0; t < test.length; t++) {
            test[t] = random.nextDouble() * (2.0 + t / 300.0);
        }
        double[] expected = run(recentRange(), history, test, 0, null);
        for (int cut : new int[] {50, 100, 1_000, history.length, history.length + 1, history.length + 500}) {
            assertThat(run(recentRange(), history, test, cut, recentRange())).as("cut %d", cut)
                    .containsExactly(expected);
        }
    }

    @Test
    void theRecentMarginsScoresUpToAPointDoNotDependOnLaterPoints() {
        double[] history = history(true);
        double[] testA = {5, 5, 6, 7, 3, 2};
        double[] testB = {5, 5, -100, 1e6, 0, 9};
        double[] a = run(recentRange(), history, testA, 0, null);
        double[] b = run(recentRange(), history, testB, 0, null);
        for (int t = 0; t < history.length + 2; t++) {
            assertThat(Double.valueOf(b[t])).as("t %d", t).isEqualTo(Double.valueOf(a[t]));
        }
        assertThat(a[history.length]).isGreaterThan(1.0); // 5 is far beyond the history's range
    }

    /** Scores of every point; at {@code cut} (if {@code restored} is given) the state moves to {@code restored}. */
    private static double[] run(RangeNoveltyDetector detector, double[] history, double[] test, int cut,
            RangeNoveltyDetector restored) {
        double[] scores = new double[history.length + test.length];
        RangeNoveltyDetector current = detector;
        for (int t = 0; t < scores.length; t++) {
            if (restored != null && t == cut) {
                try {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    current.writeState(new DataOutputStream(bytes));
                    restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
                current = restored;
            }
            if (t == history.length) {
                current.endOfHistory();
            }
            scores[t] = current.score(t < history.length ? history[t] : test[t - history.length], NO_COMMANDS);
        }
        return scores;
    }
}

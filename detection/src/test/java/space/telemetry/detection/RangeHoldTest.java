package space.telemetry.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code range} with {@code hold: K}: a new extreme scores only once the level it reached held for K points. */
class RangeHoldTest {
    private static final double[] NO_COMMANDS = new double[0];
    private static final int K = 6;

    /** Margin from the last 2,000 measured values, hold 6 (round 18's a-priori form). */
    private static RangeNoveltyDetector holding() {
        return holding(K);
    }

    private static RangeNoveltyDetector holding(int k) {
        return new RangeNoveltyDetector(100, 2000, 0.02, 0.2, k);
    }

    /** 2,000 values in [0, 1]: 0 and 1 each twice, the rest uniform in [0.01, 0.99]: the margin is 0.02. */
    private static double[] history() {
        return RangeNoveltyDetectorTest.history(false);
    }

    private static RangeNoveltyDetector afterHistory(RangeNoveltyDetector detector) {
        for (double v : history()) {
            assertThat(detector.score(v, NO_COMMANDS)).isNaN();
        }
        detector.endOfHistory();
        return detector;
    }

    private static double[] scores(RangeNoveltyDetector detector, double... test) {
        double[] scores = new double[test.length];
        for (int t = 0; t < test.length; t++) {
            scores[t] = detector.score(test[t], NO_COMMANDS);
        }
        return scores;
    }

    /** Test values: 10 quiet points (0.5), then {@code tail}. */
    private static double[] test(double... tail) {
        double[] test = new double[10 + tail.length];
        Arrays.fill(test, 0, 10, 0.5);
        System.arraycopy(tail, 0, test, 10, tail.length);
        return test;
    }

    @Test
    void aOnePointSpikeThatReturnsInsideTheOldRangeScoresZeroEverywhere() {
        double[] test = test(1.5, 0.5, 0.6, 0.4, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
        assertThat(scores(afterHistory(holding()), test)).containsOnly(0.0);
        // without hold the same spike fires at once: 0.5 of the range beyond it, 25 margins of 0.02
        double[] unheld = scores(afterHistory(holding(0)), test);
        assertThat(unheld[10]).isCloseTo(25.0, within(1e-9));
    }

    @Test
    void aNewLevelHeldForKPointsScoresTheCandidatesScoreAtTheKthPointAfterItAndZeroBefore() {
        double[] tail = new double[20];
        Arrays.fill(tail, 1.1); // a new level 0.1 of the range above it: 5 margins of 0.02
        double[] s = scores(afterHistory(holding()), test(tail));
        for (int t = 0; t < s.length; t++) {
            if (t == 10 + K) {
                assertThat(s[t]).as("t %d", t).isCloseTo(5.0, within(1e-9)); // the candidate (t 10)'s score
            } else {
                assertThat(s[t]).as("t %d", t).isZero(); // the candidate itself, the hold, then inside the range
            }
        }
    }

    @Test
    void aNewLowLevelIsJudgedAgainstTheOldLow() {
        double[] tail = {-0.1, -0.05, -0.05, 0.5, 0.5, -0.02, 0.5}; // 3 of the 6 points below the old low 0
        double[] s = scores(afterHistory(holding()), test(tail));
        assertThat(s[10 + K]).isCloseTo(5.0, within(1e-9));
        assertThat(Arrays.copyOfRange(s, 0, 10 + K)).containsOnly(0.0);
    }

    @Test
    void aHoldWithFewerThanHalfOfItsPointsBeyondTheOldEdgeScoresZero() {
        // after the candidate 1.1, only 2 of the next 6 points lie above the old high 1.0 (ceil(6/2) = 3 needed)
        double[] test = test(1.1, 1.05, 1.02, 0.9, 0.95, 1.0, 0.8, 0.5, 0.5);
        assertThat(scores(afterHistory(holding()), test)).containsOnly(0.0);
    }

    @Test
    void aCandidateWhileOneIsPendingOnlyCountsTowardItsHold() {
        // 1.1 is the candidate (5 margins); 1.5 two points later would be one of its own, but only counts
        double[] s = scores(afterHistory(holding()), test(1.1, 0.5, 1.5, 1.5, 1.5, 0.5, 0.5, 0.5, 0.5));
        assertThat(s[10 + K]).isCloseTo(5.0, within(1e-9));
        assertThat(Arrays.stream(s).filter(v -> v != 0.0).count()).isEqualTo(1);
    }

    @Test
    void withAnOddHoldCeilOfHalfItsPointsIsEnough() {
        // hold 5 needs 3 of the 5 points after the candidate 1.1 above the old high 1.0
        double[] three = scores(afterHistory(holding(5)), test(1.1, 1.05, 0.5, 1.02, 0.5, 1.01, 0.5));
        assertThat(three[15]).isCloseTo(5.0, within(1e-9));
        double[] two = scores(afterHistory(holding(5)), test(1.1, 1.05, 0.5, 1.02, 0.5, 0.9, 0.5));
        assertThat(two).containsOnly(0.0);
    }

    @Test
    void aNewLevelRightAfterASpikeWhoseHoldFailedIsTheNextCandidate() {
        // the spike 2.0 cannot hold once 4 of its 6 points are back inside; the level 1.5 that follows is then judged
        // on its own (without it, the spike and the level's first point would widen the range and the level be lost)
        double[] tail = {2.0, 0.5, 0.5, 0.5, 0.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5};
        double[] s = scores(afterHistory(holding()), test(tail));
        // 1.5 is 0.5 of the range 0..1 beyond its high 1.0; the spike's own excursion widened the margin to max 0.2
        assertThat(s[15 + K]).isCloseTo(2.5, within(1e-9));
        assertThat(Arrays.stream(s).filter(v -> v != 0.0).count()).isEqualTo(1);
    }

    @Test
    void thePointAfterAResolvedHoldCanStartTheNextCandidate() {
        // 1.1 fails its hold (none of the 6 points after it is beyond 1.0); the next point, 1.6, is a candidate itself
        double[] tail = {1.1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6};
        double[] s = scores(afterHistory(holding()), test(tail));
        assertThat(s[17 + K]).isGreaterThan(1.0);
        assertThat(Arrays.stream(s).filter(v -> v != 0.0).count()).isEqualTo(1);
    }

    @Test
    void aPointAtTheLastPointOfAFailedHoldIsTheNextCandidate() {
        // 1.1's hold has failed by its K-th point; that point, 1.6, is the next candidate, not the one after it
        double[] tail = {1.1, 0.5, 0.5, 0.5, 0.5, 0.5, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6};
        double[] s = scores(afterHistory(holding()), test(tail));
        assertThat(s[16 + K]).isGreaterThan(1.0);
        assertThat(Arrays.stream(s).filter(v -> v != 0.0).count()).isEqualTo(1);
    }

    @Test
    void holdWithoutRecentIsAConfigurationError() {
        assertThatThrownBy(() -> DetectorFactory.create(new DetectorSpec("range-hold", "range", 1.0,
                Map.of("hold", 6)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hold needs recent");
    }

    @Test
    void aDetectorRestoredAtAnyPointOfAHoldContinuesExactly() throws IOException {
        double[] history = history();
        // one hold up, one down, then a spike whose hold fails (restoring its old edge matters: 0.5 is below it)
        double[] test = test(1.1, 1.1, 0.7, 1.2, 1.3, 1.25, 1.3, 0.5, -0.3, -0.3, 0.5, -0.3, -0.3, 0.5, 0.5, 0.5,
                2.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
        double[] expected = new double[history.length + test.length];
        RangeNoveltyDetector uncut = holding();
        for (int t = 0; t < expected.length; t++) {
            if (t == history.length) {
                uncut.endOfHistory();
            }
            expected[t] = uncut.score(t < history.length ? history[t] : test[t - history.length], NO_COMMANDS);
        }
        assertThat(Arrays.stream(expected).filter(v -> v > 0).count()).isEqualTo(2);
        for (int cut = 1_500; cut < expected.length; cut++) {
            RangeNoveltyDetector current = holding();
            for (int t = 0; t < expected.length; t++) {
                if (t == cut) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    current.writeState(new DataOutputStream(bytes));
                    current = holding();
                    current.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                }
                if (t == history.length) {
                    current.endOfHistory();
                }
                double v = t < history.length ? history[t] : test[t - history.length];
                assertThat(Double.valueOf(current.score(v, NO_COMMANDS))).as("cut %d, t %d", cut, t)
                        .isEqualTo(Double.valueOf(expected[t]));
            }
        }
    }
}

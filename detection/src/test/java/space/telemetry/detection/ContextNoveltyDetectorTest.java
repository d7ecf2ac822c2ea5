package space.telemetry.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The contextual novelty detector: familiar level changes score 0, a new one scores by its new contexts. */
class ContextNoveltyDetectorTest {
    private static final double[] NONE = new double[0];
    private static final int HOLD = 5; // points per step of the staircase

    /** A staircase 0, 1, 2, 3, 2, 1, 0, ... holding each step for {@link #HOLD} points (period 6 steps). */
    private static double staircase(int t) {
        int step = (t / HOLD) % 6;
        return step <= 3 ? step : 6 - step;
    }

    private static ContextNoveltyDetector afterHistory(ContextNoveltyDetector detector, int points) {
        for (int t = 0; t < points; t++) {
            assertThat(detector.score(staircase(t), NONE)).isNaN();
        }
        detector.endOfHistory();
        return detector;
    }

    @Test
    void aRepeatedPatternScoresNothing() {
        ContextNoveltyDetector detector = afterHistory(new ContextNoveltyDetector(4, 5, 1000, 10, false), 600);
        for (int t = 600; t < 1200; t++) {
            assertThat(detector.score(staircase(t), NONE)).as("t %d", t).isZero();
        }
    }

    @Test
    void aNewTransitionScoresOneAndANewContextScoresItsShareOfNewContexts() {
        ContextNoveltyDetector detector = afterHistory(new ContextNoveltyDetector(4, 5, 1000, 10, false), 600);
        // the history ends on step 1 (descending): jump straight to 3, never seen after 1
        for (int t = 0; t < HOLD; t++) {
            assertThat(detector.score(3, NONE)).as("the run of the new symbol").isEqualTo(1.0);
        }
        ContextNoveltyDetector turn = afterHistory(new ContextNoveltyDetector(4, 5, 1000, 10, false), 600);
        for (int t = 600; t < 600 + 2 * HOLD; t++) {
            assertThat(turn.score(staircase(t), NONE)).isZero(); // 0, then 1
        }
        assertThat(turn.score(2, NONE)).isZero(); // 0 1 2: familiar
        // turning back at 2 (0 1 2 -> 1): 2 -> 1 is a known transition, but never after 1 2, 0 1 2, ... (4 of 5 new)
        assertThat(turn.score(1, NONE)).isEqualTo(0.8);
        assertThat(turn.score(1, NONE)).isEqualTo(0.8);
    }

    @Test
    void aNewPatternIsLearnedWhenItRepeats() {
        ContextNoveltyDetector detector = afterHistory(new ContextNoveltyDetector(4, 3, 1000, 10, false), 600);
        double first = 0;
        double third = 0;
        for (int repeat = 0; repeat < 3; repeat++) { // a new cycle 0 3 0 3 ... played three times
            for (int t = 0; t < 4 * HOLD; t++) {
                double score = detector.score((t / HOLD) % 2 == 0 ? 0 : 3, NONE);
                if (repeat == 0) {
                    first = Math.max(first, score);
                } else if (repeat == 2) {
                    third = Math.max(third, score);
                }
            }
        }
        assertThat(first).isEqualTo(1.0);
        assertThat(third).isZero();
    }

    @Test
    void aValueBeyondTheSpanScoresOneWithExtremes() {
        ContextNoveltyDetector detector = afterHistory(new ContextNoveltyDetector(4, 3, 1000, 10, true), 600);
        assertThat(detector.score(0, NONE)).isZero();
        assertThat(detector.score(3.5, NONE)).isEqualTo(1.0);
        assertThat(detector.score(-0.1, NONE)).isEqualTo(1.0);
        ContextNoveltyDetector fixed = afterHistory(new ContextNoveltyDetector(4, 3, 1000, 10, false, true), 600);
        assertThat(fixed.score(0, NONE)).isZero();
        assertThat(fixed.score(4.0, NONE)).as("a bin beyond the history's: a new symbol").isEqualTo(1.0);
    }

    @Test
    void theDictionaryStaysWithinItsCapacityAndRestoresExactlyAcrossEvictions() throws Exception {
        Random random = new Random(3);
        double[] walk = new double[6000];
        for (int t = 1; t < walk.length; t++) {
            walk[t] = walk[t - 1] + random.nextGaussian();
        }
        int capacity = 64;
        ContextNoveltyDetector uninterrupted = new ContextNoveltyDetector(8, 6, capacity, 20, false);
        double[] expected = new double[walk.length];
        for (int t = 0; t < walk.length; t++) {
            if (t == 3000) {
                uninterrupted.endOfHistory();
            }
            expected[t] = uninterrupted.score(walk[t], NONE);
            assertThat(uninterrupted.learned()).isLessThanOrEqualTo(capacity);
        }
        for (int cut : new int[] {10, 2999, 3000, 4500}) {
            ContextNoveltyDetector first = new ContextNoveltyDetector(8, 6, capacity, 20, false);
            for (int t = 0; t < cut; t++) {
                if (t == 3000) {
                    first.endOfHistory();
                }
                first.score(walk[t], NONE);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            first.writeState(new DataOutputStream(bytes));
            ContextNoveltyDetector restored = new ContextNoveltyDetector(8, 6, capacity, 20, false);
            restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            for (int t = cut; t < walk.length; t++) {
                if (t == 3000) {
                    restored.endOfHistory();
                }
                assertThat(Double.valueOf(restored.score(walk[t], NONE))).as("cut %d, t %d", cut, t)
                        .isEqualTo(Double.valueOf(expected[t]));
            }
        }
    }

    @Test
    void rejectsParametersItCannotKeyOrBound() {
        assertThatThrownBy(() -> new ContextNoveltyDetector(1, 3, 100, 10, false)).hasMessageContaining("levels");
        assertThatThrownBy(() -> new ContextNoveltyDetector(20, 12, 100, 10, false)).hasMessageContaining("depth");
        assertThatThrownBy(() -> new ContextNoveltyDetector(8, 3, 0, 10, false)).hasMessageContaining("capacity");
    }
}

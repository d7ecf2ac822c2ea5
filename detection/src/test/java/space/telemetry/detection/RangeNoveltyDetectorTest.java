package space.telemetry.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RangeNoveltyDetectorTest {
    private static final double[] NO_COMMANDS = new double[0];

    private static RangeNoveltyDetector afterHistory(double... history) {
        RangeNoveltyDetector detector = new RangeNoveltyDetector(3);
        for (double v : history) {
            assertThat(detector.score(v, NO_COMMANDS)).isNaN();
        }
        detector.endOfHistory();
        return detector;
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
}

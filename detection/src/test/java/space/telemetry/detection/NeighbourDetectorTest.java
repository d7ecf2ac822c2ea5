package space.telemetry.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class NeighbourDetectorTest {
    private static final double[] NO_COMMANDS = new double[0];

    private static NeighbourDetector detector() {
        return new NeighbourDetector(8, 100, 500, 50, 1e-3);
    }

    /** A period-20 triangle wave between 0 and 10: every 8-point shape of it repeats. */
    private static double wave(int t, double scale, double offset) {
        int phase = t % 20;
        return offset + scale * (phase < 10 ? phase : 20 - phase);
    }

    @Test
    void aRepeatedShapeScoresNothingAndAMissingPeakStandsOut() {
        NeighbourDetector detector = detector();
        for (int t = 0; t < 400; t++) {
            detector.score(wave(t, 1, 0) + 0.01 * Math.sin(t * 0.7), NO_COMMANDS);
        }
        detector.endOfHistory();
        double normal = 0;
        for (int t = 400; t < 600; t++) {
            normal = Math.max(normal, detector.score(wave(t, 1, 0) + 0.01 * Math.sin(t * 0.7), NO_COMMANDS));
        }
        assertThat(normal).isLessThan(5);
        double flattened = 0;
        for (int t = 600; t < 615; t++) { // the peak at phase 10 does not come: the wave stays at 4 (within its range)
            double v = Math.min(4, wave(t, 1, 0));
            flattened = Math.max(flattened, detector.score(v, NO_COMMANDS));
        }
        assertThat(flattened).isGreaterThan(20);
    }

    @Test
    void theScoreIsFreeOfTheChannelsUnitsAndOffset() {
        NeighbourDetector volts = detector();
        NeighbourDetector millivoltsOffset = detector();
        for (int t = 0; t < 700; t++) {
            double noise = 0.05 * Math.sin(t * 1.3) * Math.cos(t * 0.37);
            double a = volts.score(wave(t, 1, 0) + noise, NO_COMMANDS);
            double b = millivoltsOffset.score(1000 * (wave(t, 1, 0) + noise) + 500, NO_COMMANDS);
            if (t == 300) {
                volts.endOfHistory();
                millivoltsOffset.endOfHistory();
            }
            if (Double.isNaN(a)) {
                assertThat(b).isNaN();
            } else {
                assertThat(b).isCloseTo(a, within(0.02 * (1 + a))); // equal up to half-precision rounding
            }
        }
    }

    @Test
    void theHistoryIsNotScored() {
        NeighbourDetector detector = detector();
        for (int t = 0; t < 300; t++) {
            assertThat(detector.score(wave(t, 1, 0), NO_COMMANDS)).isNaN();
        }
        detector.endOfHistory();
        assertThat(detector.score(wave(300, 1, 0), NO_COMMANDS)).isNotNaN();
    }

    @Test
    void aRestoredDetectorContinuesExactly() throws IOException {
        NeighbourDetector original = detector();
        for (int t = 0; t < 350; t++) {
            original.score(wave(t, 1, 0) + 0.1 * Math.sin(t), NO_COMMANDS);
        }
        original.endOfHistory();
        for (int t = 350; t < 420; t++) {
            original.score(wave(t, 1, 0) + 0.1 * Math.sin(t), NO_COMMANDS);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        original.writeState(new DataOutputStream(bytes));
        NeighbourDetector restored = detector();
        restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        for (int t = 420; t < 520; t++) {
            double v = t == 470 ? 30 : wave(t, 1, 0) + 0.1 * Math.sin(t);
            assertThat(restored.score(v, NO_COMMANDS)).isEqualTo(original.score(v, NO_COMMANDS));
        }
    }

    @Test
    void rejectsSettingsThatCannotWork() {
        assertThatThrownBy(() -> new NeighbourDetector(1, 100, 500, 50, 1e-3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NeighbourDetector(8, 100, 50, 100, 1e-3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package space.telemetry.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InputGuardTest {

    @Test
    void valuesOfTheScaledRangeAreNeverCapped() {
        InputGuard guard = new InputGuard();
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) { // uniform noise, a full-range square wave, a full-range sine, each in turn
            double value = switch (i / 1000 % 3) {
                case 0 -> 2 * random.nextDouble() - 1;
                case 1 -> (i / 7) % 2 == 0 ? -1.0 : 1.0;
                default -> Math.sin(i / 5.0);
            };
            assertThat(guard.apply(value)).as("point %d", i).isEqualTo(value);
        }
    }

    @Test
    void anExtremeValueIsCappedAtTheReachFromTheTrailingMedian() {
        InputGuard guard = new InputGuard();
        for (int i = 0; i < 100; i++) {
            guard.apply(0.2 + 0.01 * Math.sin(i));
        }
        assertThat(guard.apply(1e308)).isCloseTo(0.2 + InputGuard.MIN_REACH, within(0.02));
        assertThat(guard.apply(-1e11)).isCloseTo(0.2 - InputGuard.MIN_REACH, within(0.02));
        assertThat(guard.apply(0.21)).isEqualTo(0.21); // two extreme values did not move the envelope
    }

    @Test
    void aSustainedNewLevelIsLetThroughStepByStepWithinHalfTheWindow() {
        InputGuard guard = new InputGuard();
        for (int i = 0; i < InputGuard.WINDOW; i++) {
            guard.apply(0.0);
        }
        assertThat(guard.apply(50.0)).isEqualTo(InputGuard.MIN_REACH);
        double previous = InputGuard.MIN_REACH;
        for (int i = 1; i < InputGuard.WINDOW / 2; i++) {
            double guarded = guard.apply(50.0);
            assertThat(guarded).as("point %d of the new level", i).isBetween(previous, 50.0);
            previous = guarded;
        }
        assertThat(previous).isEqualTo(50.0);
    }

    @Test
    void glitchesHoweverOftenTheyComeDoNotWidenTheEnvelope() {
        InputGuard guard = new InputGuard();
        Random random = new Random(6);
        for (int i = 0; i < 5000; i++) {
            double value = i % 100 == 50 ? 1e6 : 0.1 * random.nextGaussian();
            double guarded = guard.apply(value);
            if (value == 1e6) {
                assertThat(guarded).as("glitch %d", i / 100).isLessThan(InputGuard.MIN_REACH + 1);
            }
        }
    }

    @Test
    void aChannelInLargeUnitsIsCappedAtItsOwnSpreadNotAtTheFloor() {
        InputGuard guard = new InputGuard();
        Random random = new Random(4);
        for (int i = 0; i < 1000; i++) { // CPU-like: anywhere in 0..1000, then steady at 600
            guard.apply(1000 * random.nextDouble());
        }
        for (int i = 0; i < InputGuard.WINDOW; i++) {
            guard.apply(600.0);
        }
        assertThat(guard.apply(1400.0)).isEqualTo(1400.0); // within 1.5 spreads of the median
        assertThat(guard.apply(1e9)).isBetween(2000.0, 2200.0);
    }

    @Test
    void aWideChannelIsCappedInItsOwnUnitsNotAtTheFloor() {
        InputGuard guard = new InputGuard();
        Random random = new Random(5);
        int capped = 0;
        for (int i = 0; i < 5000; i++) {
            double value = 1000 * random.nextGaussian();
            capped += guard.apply(value) == value ? 0 : 1;
        }
        assertThat(capped).isLessThan(5); // 0.1% of normal points
        assertThat(guard.apply(1e9)).isBetween(3000.0, 15_000.0); // 1.5 spreads of +-3.5 sd
    }

    @Test
    void aRestoredGuardCapsExactlyAsTheOriginal() throws IOException {
        InputGuard original = new InputGuard();
        Random random = new Random(9);
        for (int i = 0; i < 100; i++) {
            original.apply(random.nextGaussian());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        original.write(new DataOutputStream(bytes));
        InputGuard restored = new InputGuard();
        restored.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        for (int i = 0; i < 200; i++) {
            double value = i % 20 == 0 ? 1e6 : 3 * random.nextGaussian();
            assertThat(restored.apply(value)).isEqualTo(original.apply(value));
        }
    }
}

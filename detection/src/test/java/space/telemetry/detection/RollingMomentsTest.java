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
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class RollingMomentsTest {

    @Test
    void halfPrecisionMomentsAreThoseOfTheRoundedValuesOfTheWindow() {
        RollingMoments moments = RollingMoments.halfPrecision(40);
        Random random = new Random(4);
        double[] added = new double[500];
        for (int t = 0; t < added.length; t++) {
            added[t] = HalfFloat.round(Math.exp(random.nextGaussian()));
            moments.add(added[t]);
            double[] window = Arrays.copyOfRange(added, Math.max(0, t - 39), t + 1);
            double mean = Arrays.stream(window).average().orElseThrow();
            double std = Math.sqrt(Arrays.stream(window).map(v -> (v - mean) * (v - mean)).sum() / window.length);
            assertThat(moments.mean()).isCloseTo(mean, within(1e-9));
            assertThat(moments.std()).isCloseTo(std, within(1e-9));
        }
    }

    @Test
    void restoredMomentsContinueExactlyAsTheOriginal() throws IOException {
        for (IntFunction<RollingMoments> kind : List.<IntFunction<RollingMoments>>of(RollingMoments::new,
                RollingMoments::halfPrecision)) {
            RollingMoments original = kind.apply(30);
            Random random = new Random(5);
            for (int t = 0; t < 45; t++) {
                original.add(HalfFloat.round(random.nextDouble()));
            }
            RollingMoments restored = kind.apply(30);
            restored.read(new DataInputStream(new ByteArrayInputStream(bytes(original))));
            for (int t = 0; t < 100; t++) {
                double value = HalfFloat.round(random.nextDouble());
                original.add(value);
                restored.add(value);
                assertThat(restored.mean()).isEqualTo(original.mean());
                assertThat(restored.std()).isEqualTo(original.std());
            }
            assertThat(bytes(restored)).isEqualTo(bytes(original));
        }
    }

    @Test
    void aWindowSavedWithAnotherSizeIsRefused() throws IOException {
        RollingMoments small = RollingMoments.halfPrecision(10);
        for (int t = 0; t < 20; t++) {
            small.add(1.0);
        }
        RollingMoments smaller = RollingMoments.halfPrecision(5);
        assertThatThrownBy(() -> smaller.read(new DataInputStream(new ByteArrayInputStream(bytes(small)))))
                .isInstanceOf(IOException.class).hasMessageContaining("holds 10 points, configured 5");
    }

    private static byte[] bytes(RollingMoments moments) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        moments.write(new DataOutputStream(out));
        return out.toByteArray();
    }
}

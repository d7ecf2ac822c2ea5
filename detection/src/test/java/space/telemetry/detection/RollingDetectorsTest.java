package space.telemetry.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RollingDetectorsTest {
    private static final double[] NO_COMMANDS = new double[0];

    @Test
    void zScoreMatchesTheDefinitionOverThePreviousWindow() {
        double[] series = noisySeries(2_000, 1);
        RollingZScoreDetector detector = new RollingZScoreDetector(50, 1e-9);
        for (int t = 0; t < series.length; t++) {
            double score = detector.score(series[t], NO_COMMANDS);
            if (t < 50) {
                assertThat(score).isNaN();
            } else {
                double[] window = Arrays.copyOfRange(series, t - 50, t);
                double mean = Arrays.stream(window).average().orElseThrow();
                double std = Math.sqrt(Arrays.stream(window).map(v -> (v - mean) * (v - mean)).sum() / 50);
                assertThat(score).isCloseTo(Math.abs(series[t] - mean) / std, within(1e-6));
            }
        }
    }

    @Test
    void madMatchesTheDefinitionOverThePreviousWindow() {
        double[] series = noisySeries(2_000, 2);
        for (int windowSize : new int[] {49, 50}) { // odd and even windows
            RollingMadDetector detector = new RollingMadDetector(windowSize, 1e-12);
            for (int t = 0; t < series.length; t++) {
                double score = detector.score(series[t], NO_COMMANDS);
                if (t >= windowSize) {
                    double[] window = Arrays.copyOfRange(series, t - windowSize, t);
                    double median = median(window);
                    double mad = median(Arrays.stream(window).map(v -> Math.abs(v - median)).toArray());
                    assertThat(score).isCloseTo(Math.abs(series[t] - median) / (1.4826 * mad), within(1e-9));
                }
            }
        }
    }

    @Test
    void flatChannelsAreScoredAgainstTheFloorNotByZero() {
        RollingZScoreDetector zscore = new RollingZScoreDetector(10, 0.1);
        RollingMadDetector mad = new RollingMadDetector(10, 0.1);
        for (int t = 0; t < 10; t++) {
            zscore.score(0.5, NO_COMMANDS);
            mad.score(0.5, NO_COMMANDS);
        }
        assertThat(zscore.score(0.5, NO_COMMANDS)).isZero();
        assertThat(zscore.score(1.0, NO_COMMANDS)).isCloseTo(5.0, within(1e-9));
        assertThat(mad.score(1.0, NO_COMMANDS)).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void restoredDetectorsContinueExactlyAsTheOriginal() throws Exception {
        assertRestoreIsExact(() -> new RollingZScoreDetector(64, 0.01));
        assertRestoreIsExact(() -> new RollingMadDetector(64, 0.01));
    }

    private static void assertRestoreIsExact(Supplier<Detector> factory) throws Exception {
        double[] series = noisySeries(1_000, 3);
        Detector original = factory.get();
        for (int t = 0; t < 500; t++) {
            original.score(series[t], NO_COMMANDS);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        original.writeState(new DataOutputStream(bytes));
        Detector restored = factory.get();
        restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        for (int t = 500; t < series.length; t++) {
            assertThat(restored.score(series[t], NO_COMMANDS)).isEqualTo(original.score(series[t], NO_COMMANDS));
        }
    }

    static double[] noisySeries(int n, long seed) {
        Random random = new Random(seed);
        double[] series = new double[n];
        for (int t = 0; t < n; t++) {
            series[t] = Math.sin(t / 20.0) * 0.5 + random.nextGaussian() * 0.1 + (random.nextInt(50) == 0 ? 0.5 : 0);
        }
        return series;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}

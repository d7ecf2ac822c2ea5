package space.telemetry.evaluation.nab;

/**
 * NAB's weighting curve: {@code 2 / (1 + e^(5x)) - 1} of a position x measured in window widths, and -1 for x > 3.
 * Inside a window x runs from -1 (its first row, weight ≈ 0.987) to nearly 0 (its last row); after a window x is
 * the distance past its end, so a false alarm right after a window costs little and one far after it costs fully.
 */
public final class ScaledSigmoid {
    private ScaledSigmoid() {
    }

    /** The weight at relative position {@code x}, in [-1, 1). */
    public static double of(double x) {
        if (x > 3.0) {
            return -1.0;
        }
        return 2.0 / (1.0 + Math.exp(5.0 * x)) - 1.0;
    }
}

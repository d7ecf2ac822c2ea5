package space.telemetry.detection;

/**
 * IEEE half precision (11 significant bits, about 0.05%) for non-negative values, clamped to the largest half
 * (65504): how the MLP forecaster keeps its window of smoothed errors in 2 bytes per point. The values scored and
 * summed are the rounded ones, so a restored window is exactly the original.
 */
final class HalfFloat {
    static final float MAX = 65504f;

    private HalfFloat() {
    }

    /** Rounds a non-negative value to the nearest half (ties to even); negative values give 0. */
    static float round(double value) {
        float f = (float) Math.min(Math.max(value, 0.0), MAX);
        if (f < 0x1p-14f) { // subnormal halves: a fixed step of 2^-24
            return (float) (Math.rint(f * 0x1p24) * 0x1p-24);
        }
        double step = Math.scalb(1.0, Math.getExponent(f) - 10);
        return (float) Math.min(Math.rint(f / step) * step, MAX);
    }

    /** The half-precision bits of a value {@link #round} returned. */
    static short encode(float rounded) {
        if (rounded < 0x1p-14f) {
            return (short) Math.rint(rounded * 0x1p24);
        }
        int exponent = Math.getExponent(rounded) + 15;
        int mantissa = (Float.floatToRawIntBits(rounded) >>> 13) & 0x3ff;
        return (short) ((exponent << 10) | mantissa);
    }

    static float decode(short bits) {
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0) {
            return (float) (mantissa * 0x1p-24);
        }
        return Float.intBitsToFloat(((exponent - 15 + 127) << 23) | (mantissa << 13));
    }
}

package space.telemetry.replay.service;

import java.math.BigDecimal;
import java.time.Duration;

/** How fast a replay runs: a factor over real time (event time / wall time), or "max" for no pacing. */
public record Speed(double factor) {
    public static final Speed MAX = new Speed(Double.POSITIVE_INFINITY);
    /** Slowest factor: real time. */
    public static final BigDecimal MIN_FACTOR = BigDecimal.ONE;
    /** Fastest paced factor; faster is "max". */
    public static final BigDecimal MAX_FACTOR = BigDecimal.valueOf(10_000_000);
    private static final int MAX_TEXT = 32;

    /** Parses "max" (or null: the default) or a decimal number from 1 to 10^7. */
    public static Speed parse(String text) {
        if (text == null || text.isBlank() || text.strip().equalsIgnoreCase("max")) {
            return MAX;
        }
        BigDecimal factor = null;
        if (text.length() <= MAX_TEXT) {
            try {
                factor = new BigDecimal(text.strip());
            } catch (NumberFormatException e) {
                // not a decimal number (NaN, Infinity, hex, words): refused below
            }
        }
        if (factor == null || factor.compareTo(MIN_FACTOR) < 0 || factor.compareTo(MAX_FACTOR) > 0) {
            throw ReplayException.badRequest("speed must be \"max\" or a number from 1 to 10000000, got '"
                    + text + "'");
        }
        return new Speed(factor.doubleValue());
    }

    public boolean isMax() {
        return Double.isInfinite(factor);
    }

    /** Wall-clock nanoseconds from the start at which the point at {@code position} is due. */
    public long dueNanos(long position, Duration period) {
        return isMax() ? 0 : (long) (position * (double) period.toNanos() / factor);
    }

    @Override
    public String toString() {
        if (isMax()) {
            return "max";
        }
        return factor == Math.rint(factor) ? Long.toString((long) factor) : Double.toString(factor);
    }
}

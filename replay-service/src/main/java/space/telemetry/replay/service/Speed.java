package space.telemetry.replay.service;

import java.time.Duration;

/** How fast a replay runs: a factor over real time (event time / wall time), or "max" for no pacing. */
public record Speed(double factor) {
    public static final Speed MAX = new Speed(Double.POSITIVE_INFINITY);

    /** Parses "max" (or null: the default) or a number > 0. */
    public static Speed parse(String text) {
        if (text == null || text.isBlank() || text.strip().equalsIgnoreCase("max")) {
            return MAX;
        }
        double factor;
        try {
            factor = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw ReplayException.badRequest("speed must be \"max\" or a number > 0, got '" + text + "'");
        }
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw ReplayException.badRequest("speed must be \"max\" or a finite number > 0, got '" + text + "'");
        }
        return new Speed(factor);
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
        return factor == Math.rint(factor) && factor < 1e15 ? Long.toString((long) factor) : Double.toString(factor);
    }
}

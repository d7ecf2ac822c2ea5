package space.telemetry.store.repository;

import java.time.Instant;

/**
 * Filters of an event search; a null field does not filter. An event matches [from, to] when it overlaps it; verdict
 * {@value #NO_VERDICT} matches events without a verdict.
 */
public record EventFilter(String channel, String spacecraft, String detector, String state, Instant from,
        Instant to, String verdict) {
    /** The verdict filter value of events without any verdict. */
    public static final String NO_VERDICT = "none";

    public EventFilter(String channel, String spacecraft, String detector, String state, Instant from, Instant to) {
        this(channel, spacecraft, detector, state, from, to, null);
    }
}

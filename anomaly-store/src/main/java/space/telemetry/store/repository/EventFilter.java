package space.telemetry.store.repository;

import java.time.Instant;

/** Filters of an event search; a null field does not filter. An event matches [from, to] when it overlaps it. */
public record EventFilter(String channel, String spacecraft, String detector, String state, Instant from,
        Instant to) {
}

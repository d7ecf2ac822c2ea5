package space.telemetry.store.repository;

import java.time.Instant;

/** Aggregates of the stored events of one channel. */
public record ChannelAggregate(String spacecraft, String channel, long events, long open, long closed,
        Instant firstStart, Instant lastEnd, double maxPeakScore) {
}

package space.telemetry.store.service;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A known label in a series: its indices, and their times when those points are stored. */
@Schema(name = "SeriesLabel", description = "A labelled sequence (inclusive indices of its split) in a series.")
public record SeriesLabel(
        long id,
        String source,
        @Schema(enumeration = {"train", "test"}) String split,
        long startIndex,
        long endIndex,
        @Schema(description = "Time of the point at startIndex; null when that point is not stored", nullable = true)
        Instant startTime,
        @Schema(description = "Time of the point at endIndex; null when that point is not stored", nullable = true)
        Instant endTime,
        String labelClass) {
}

package space.telemetry.store.service;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A channel's points over a time range (downsampled when long), with the events and labels in that range. */
@Schema(name = "Series", description = "A channel's value, score and threshold over a time range.")
public record Series(
        String channel,
        @Schema(nullable = true) String spacecraft,
        @Schema(description = "Start of the range: as asked, else the first point's time", nullable = true)
        Instant from,
        @Schema(description = "End of the range: as asked, else the last point's time", nullable = true) Instant to,
        @Schema(description = "Points stored in the range") long totalPoints,
        @Schema(description = "True when totalPoints > maxPoints: each bucket of consecutive points gave its"
                + " min-value and max-value points, carrying the bucket's highest score") boolean downsampled,
        SeriesPoints points,
        @Schema(description = "Anomaly events overlapping the range (at most 1000, by start time)")
        List<StoredAnomaly> events,
        @Schema(description = "Known labels overlapping the range") List<SeriesLabel> labels) {
}

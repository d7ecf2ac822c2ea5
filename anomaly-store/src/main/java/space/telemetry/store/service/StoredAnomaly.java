package space.telemetry.store.service;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import space.telemetry.store.repository.EventEntity;

/** An anomaly event as stored: the fields of the telemetry.anomalies record plus the row's timestamps. */
@Schema(name = "Anomaly", description = "An anomaly event as stored (latest revision received).")
public record StoredAnomaly(
        UUID id,
        String spacecraft,
        String channel,
        String detector,
        @Schema(enumeration = {"train", "test"}) String split,
        @Schema(description = "First index (in split) at which the detector fired") long startIndex,
        @Schema(description = "Last index at which it fired so far") long endIndex,
        @Schema(description = "Index at which the event was raised") long detectedIndex,
        Instant startTime,
        Instant endTime,
        Instant detectedTime,
        double peakScore,
        double threshold,
        @Schema(enumeration = {"open", "closed"}) String state,
        @Schema(description = "Stream position of the point that produced this version") long revision,
        Instant createdAt,
        Instant updatedAt,
        @Schema(description = "The latest operator verdict, null when none",
                enumeration = {"confirmed", "false-alarm", "expected"}, nullable = true) String verdict) {

    /** The event of a row. */
    public static StoredAnomaly of(EventEntity row) {
        return new StoredAnomaly(row.id, row.spacecraft, row.channel, row.detector, row.split, row.startIndex,
                row.endIndex, row.detectedIndex, row.startTime, row.endTime, row.detectedTime, row.peakScore,
                row.threshold, row.state, row.revision, row.createdAt, row.updatedAt, row.verdict);
    }
}

package space.telemetry.store.service;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One channel of GET /channels: its latest point (null fields before any point is stored) and its events. */
@Schema(name = "Channel", description = "A channel with its latest point and anomaly counts.")
public record ChannelState(
        String channel,
        String spacecraft,
        @Schema(enumeration = {"train", "test"}, nullable = true) String lastSplit,
        @Schema(nullable = true) Long lastIndex,
        @Schema(nullable = true) Instant lastTime,
        @Schema(nullable = true) Double lastValue,
        @Schema(description = "Per-point anomaly score in [0, 1] of the latest point", nullable = true)
        Float lastScore,
        @Schema(description = "Threshold in score terms (0.5: at the detectors' thresholds)", nullable = true)
        Float threshold,
        @Schema(nullable = true) Instant updatedAt,
        @Schema(description = "Anomaly events of the channel") long anomalies,
        @Schema(description = "Open anomaly events of the channel") long openAnomalies,
        @Schema(description = "Newest start time of its events", nullable = true) Instant lastAnomalyTime) {
}

package space.telemetry.store.service;

import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Stored events of one channel: counts by state and detector, time span and highest peak score. */
@Schema(description = "Stored anomaly events of one channel.")
public record ChannelSummary(
        String spacecraft,
        String channel,
        @Schema(description = "Number of events") long events,
        @Schema(description = "Number of open events") long open,
        @Schema(description = "Number of closed events") long closed,
        @Schema(description = "Number of events per detector") Map<String, Long> detectors,
        @Schema(description = "Earliest start time") Instant firstStartTime,
        @Schema(description = "Latest end time") Instant lastEndTime,
        @Schema(description = "Highest peak score") double maxPeakScore) {
}

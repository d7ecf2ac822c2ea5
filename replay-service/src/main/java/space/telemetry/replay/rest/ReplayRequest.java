package space.telemetry.replay.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of POST /replays; every field is optional.
 *
 * @param spacecraft SMAP or MSL; both when absent
 * @param channels   at most 1000 channel ids; all channels of the spacecraft when absent or empty
 * @param speed      "max" (default: no pacing) or a factor over real time from 1 to 10^7, e.g. 60 (a JSON number
 *                   or string)
 * @param startTime  ISO-8601 event time of the first point, from 1900 on, such that the last point is before
 *                   the year 10000; replay.start-time when absent
 */
public record ReplayRequest(
        @Schema(examples = "SMAP") String spacecraft,
        @Size(max = MAX_CHANNELS) List<@NotBlank String> channels,
        @Schema(examples = "max", description = "\"max\" or a number from 1 to 10000000") String speed,
        @Schema(examples = "2026-01-01T00:00:00Z") String startTime) {
    /** Most channels one request may name. */
    public static final int MAX_CHANNELS = 1000;
}

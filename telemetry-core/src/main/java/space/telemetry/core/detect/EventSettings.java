package space.telemetry.core.detect;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How scores become events, the same for every detector.
 *
 * @param minPoints    consecutive points above threshold before an event is raised
 * @param closeAfter   consecutive points at or below threshold after which an open event is closed
 * @param alertOnTrain whether the train split (history) may raise events; when false it only warms detectors up
 */
public record EventSettings(@JsonProperty("min-points") int minPoints, @JsonProperty("close-after") int closeAfter,
        @JsonProperty("alert-on-train") boolean alertOnTrain) {

    public static final EventSettings DEFAULT = new EventSettings(1, 50, false);

    public EventSettings {
        if (minPoints < 1) {
            throw new IllegalArgumentException("events.min-points must be >= 1, got " + minPoints);
        }
        if (closeAfter < 1) {
            throw new IllegalArgumentException("events.close-after must be >= 1, got " + closeAfter);
        }
    }
}

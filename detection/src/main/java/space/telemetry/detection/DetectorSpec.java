package space.telemetry.detection;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One configured detector.
 *
 * @param name      name in events and metrics (unique)
 * @param type      implementation, see {@link DetectorFactory#TYPES}
 * @param threshold score above which a point is anomalous
 * @param params    type-specific parameters
 * @param minPoints consecutive points above threshold before this detector raises an event; null for the
 *                  {@code events.min-points} of the configuration
 */
public record DetectorSpec(@JsonProperty(required = true) String name, @JsonProperty(required = true) String type,
        @JsonProperty(required = true) double threshold, Map<String, Object> params,
        @JsonProperty("min-points") Integer minPoints) {

    public DetectorSpec {
        if (minPoints != null && minPoints < 1) {
            throw new IllegalArgumentException("detector '" + name + "': min-points must be >= 1, got " + minPoints);
        }
    }

    public DetectorSpec(String name, String type, double threshold, Map<String, Object> params) {
        this(name, type, threshold, params, null);
    }

    /** The same detector with another threshold. */
    public DetectorSpec withThreshold(double newThreshold) {
        return new DetectorSpec(name, type, newThreshold, params, minPoints);
    }

    /** The points above threshold this detector needs before it raises an event. */
    public int minPoints(EventSettings events) {
        return minPoints != null ? minPoints : events.minPoints();
    }
}

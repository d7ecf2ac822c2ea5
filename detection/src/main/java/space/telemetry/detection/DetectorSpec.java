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
 */
public record DetectorSpec(@JsonProperty(required = true) String name, @JsonProperty(required = true) String type,
        @JsonProperty(required = true) double threshold, Map<String, Object> params) {
}

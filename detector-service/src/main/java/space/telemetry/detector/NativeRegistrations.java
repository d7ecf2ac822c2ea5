package space.telemetry.detector;

import io.quarkus.runtime.annotations.RegisterForReflection;
import space.telemetry.core.detect.DetectionConfig;
import space.telemetry.core.detect.DetectorSpec;
import space.telemetry.core.detect.EventSettings;
import space.telemetry.core.model.AnomalyEvent;
import space.telemetry.core.model.EventState;
import space.telemetry.core.model.Split;
import space.telemetry.core.model.TelemetryPoint;

/**
 * Native image: the telemetry-core types this service reads and writes with Jackson (topic records) and the records
 * of the YAML detector configuration. telemetry-core has no Quarkus dependency, so they are registered here.
 */
@RegisterForReflection(targets = {TelemetryPoint.class, AnomalyEvent.class, Split.class, EventState.class,
        DetectionConfig.class, DetectorSpec.class, EventSettings.class})
public final class NativeRegistrations {
    private NativeRegistrations() {
    }
}

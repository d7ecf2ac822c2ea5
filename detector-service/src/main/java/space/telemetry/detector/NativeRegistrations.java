package space.telemetry.detector;

import io.quarkus.runtime.annotations.RegisterForReflection;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.EventState;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryPoint;
import space.telemetry.detection.DetectionConfig;
import space.telemetry.detection.DetectorSpec;
import space.telemetry.detection.EventSettings;

/**
 * Native image: the types this service reads and writes with Jackson, the topic records (telemetry-contract) and the
 * records of the YAML detector configuration (detection). Those modules have no Quarkus dependency, so they are
 * registered here.
 */
@RegisterForReflection(targets = {TelemetryPoint.class, AnomalyEvent.class, Split.class, EventState.class,
        DetectionConfig.class, DetectorSpec.class, EventSettings.class})
public final class NativeRegistrations {
    private NativeRegistrations() {
    }
}

package space.telemetry.replay;

import io.quarkus.runtime.annotations.RegisterForReflection;
import space.telemetry.core.model.Split;
import space.telemetry.core.model.TelemetryPoint;

/**
 * Native image: the telemetry-core types this service serializes with Jackson outside Quarkus REST (which registers
 * its own request and response types). telemetry-core has no Quarkus dependency, so they are registered here.
 */
@RegisterForReflection(targets = {TelemetryPoint.class, Split.class})
public final class NativeRegistrations {
    private NativeRegistrations() {
    }
}

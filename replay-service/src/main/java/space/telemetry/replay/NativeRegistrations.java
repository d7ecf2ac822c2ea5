package space.telemetry.replay;

import io.quarkus.runtime.annotations.RegisterForReflection;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryPoint;

/**
 * Native image: the telemetry-contract types this service serializes with Jackson outside Quarkus REST (which
 * registers its own request and response types). telemetry-contract has no Quarkus dependency, so they are registered
 * here.
 */
@RegisterForReflection(targets = {TelemetryPoint.class, Split.class})
public final class NativeRegistrations {
    private NativeRegistrations() {
    }
}

package space.telemetry.store;

import io.quarkus.runtime.annotations.RegisterForReflection;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.EventState;
import space.telemetry.contract.Split;

/**
 * Native image: the telemetry-contract types this service decodes with Jackson from {@code telemetry.anomalies}.
 * telemetry-contract has no Quarkus dependency, so they are registered here.
 */
@RegisterForReflection(targets = {AnomalyEvent.class, Split.class, EventState.class})
public final class NativeRegistrations {
    private NativeRegistrations() {
    }
}

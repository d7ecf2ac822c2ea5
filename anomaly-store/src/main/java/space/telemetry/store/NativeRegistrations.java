package space.telemetry.store;

import io.quarkus.runtime.annotations.RegisterForReflection;
import space.telemetry.core.model.AnomalyEvent;
import space.telemetry.core.model.EventState;
import space.telemetry.core.model.Split;

/**
 * Native image: the telemetry-core types this service decodes with Jackson from {@code telemetry.anomalies}.
 * telemetry-core has no Quarkus dependency, so they are registered here.
 */
@RegisterForReflection(targets = {AnomalyEvent.class, Split.class, EventState.class})
public final class NativeRegistrations {
    private NativeRegistrations() {
    }
}

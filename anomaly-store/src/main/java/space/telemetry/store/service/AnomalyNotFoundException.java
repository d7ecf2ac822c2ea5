package space.telemetry.store.service;

import java.util.UUID;

/** No event is stored under the requested id. */
public class AnomalyNotFoundException extends RuntimeException {
    public AnomalyNotFoundException(UUID id) {
        super("no anomaly event with id " + id);
    }
}

package space.telemetry.store.service;

import java.util.UUID;
import space.telemetry.http.Problem;
import space.telemetry.http.ProblemException;

/** No event is stored under the requested id: a 404 problem. */
public class AnomalyNotFoundException extends ProblemException {
    public AnomalyNotFoundException(UUID id) {
        super(404, Problem.NOT_FOUND, "Anomaly event not found", "no anomaly event with id " + id, null, null);
    }
}

package space.telemetry.store.repository;

import java.time.Instant;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.InvalidRecordException;
import space.telemetry.contract.Limits;

/**
 * Whether an event fits the columns of table {@code events}, checked before every upsert so that PostgreSQL never
 * stores a clamped time (a year beyond its range becomes {@code infinity} or 4714 BC) nor an event that ends before it
 * starts. Text columns have no length limit, so names need no check here.
 */
public final class EventColumns {
    private EventColumns() {
    }

    /** Throws {@link InvalidRecordException} saying which value does not fit. */
    public static void requireFits(AnomalyEvent event) {
        requireWithinLimits("startTime", event.startTime());
        requireWithinLimits("endTime", event.endTime());
        requireWithinLimits("detectedTime", event.detectedTime());
        if (event.startTime().isAfter(event.endTime())) {
            throw new InvalidRecordException(
                    "startTime " + event.startTime() + " is after endTime " + event.endTime());
        }
    }

    private static void requireWithinLimits(String field, Instant time) {
        if (time.isBefore(Limits.MIN_TIME) || time.isAfter(Limits.MAX_TIME)) {
            throw new InvalidRecordException(
                    field + " " + time + " is outside " + Limits.MIN_TIME + ".." + Limits.MAX_TIME);
        }
    }
}

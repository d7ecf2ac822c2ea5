package space.telemetry.store.repository;

/** Number of stored events of one detector on one channel. */
public record DetectorCount(String spacecraft, String channel, String detector, long events) {
}

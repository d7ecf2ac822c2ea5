package space.telemetry.contract;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * One anomaly event on {@code telemetry.anomalies}; the same event is sent again when it changes (open, then closed).
 *
 * @param id            deterministic: derived from channel, detector, split and start index
 * @param startIndex    first index (in {@code split}) at which the detector fired
 * @param endIndex      last index at which it fired so far
 * @param detectedIndex index at which the event was raised
 * @param peakScore     highest score within the event
 * @param threshold     the detector's threshold when the event was raised
 * @param revision      stream position (train length + index for test points) of the point that produced this
 *                      version; a consumer keeps the version with the highest revision
 */
public record AnomalyEvent(String id, String spacecraft, String channel, String detector, Split split,
        long startIndex, long endIndex, long detectedIndex, Instant startTime, Instant endTime, Instant detectedTime,
        double peakScore, double threshold, EventState state, long revision) {

    /** The id an event gets: the same inputs always give the same id. */
    public static String idFor(String channel, String detector, Split split, long startIndex) {
        String name = channel + '|' + detector + '|' + split.wireName() + '|' + startIndex;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}

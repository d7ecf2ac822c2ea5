package space.telemetry.core.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import space.telemetry.core.data.ChannelPoints;
import space.telemetry.core.data.TelemanomChannel;
import space.telemetry.core.detect.ChannelDetector;
import space.telemetry.core.detect.DetectionConfig;
import space.telemetry.core.model.AnomalyEvent;

/** Runs a channel's stream through the same {@link ChannelDetector} the service runs, in-process, without Kafka. */
public final class OfflineDetection {

    private OfflineDetection() {
    }

    /** Every event version the service would publish for the channel, in order. */
    public static List<AnomalyEvent> run(DetectionConfig config, TelemanomChannel channel, Instant start,
            Duration period) {
        ChannelDetector detector = new ChannelDetector(config, channel.spacecraft().name(), channel.id());
        List<AnomalyEvent> events = new ArrayList<>();
        try (ChannelPoints points = ChannelPoints.open(channel, start, period)) {
            while (points.hasNext()) {
                events.addAll(detector.process(points.next()));
            }
        }
        return events;
    }

    /** The last version of each event, by id: what a store that keeps the latest revision holds. */
    public static Map<String, AnomalyEvent> latestVersions(List<AnomalyEvent> events) {
        Map<String, AnomalyEvent> latest = new LinkedHashMap<>();
        for (AnomalyEvent event : events) {
            latest.merge(event.id(), event, (a, b) -> b.revision() >= a.revision() ? b : a);
        }
        return latest;
    }
}

package space.telemetry.detection;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.TelemetryPoint;

/** Runs a channel's stream through the same {@link ChannelDetector} the service runs, in-process, without Kafka. */
public final class OfflineDetection {

    private OfflineDetection() {
    }

    /**
     * Every event version the service would publish for the channel, in order.
     *
     * @param points the channel's stream, e.g. a {@code space.telemetry.data.ChannelPoints} (the caller closes it)
     */
    public static List<AnomalyEvent> run(DetectionConfig config, String spacecraft, String channel,
            Iterator<TelemetryPoint> points) {
        return run(config, spacecraft, channel, points, score -> { });
    }

    /** As {@link #run(DetectionConfig, String, String, Iterator)}, handing each point's score to {@code scores}. */
    public static List<AnomalyEvent> run(DetectionConfig config, String spacecraft, String channel,
            Iterator<TelemetryPoint> points, DoubleConsumer scores) {
        ChannelDetector detector = new ChannelDetector(config, spacecraft, channel);
        List<AnomalyEvent> events = new ArrayList<>();
        while (points.hasNext()) {
            ChannelDetector.Outcome outcome = detector.process(points.next());
            events.addAll(outcome.events());
            scores.accept(outcome.score());
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

package space.telemetry.detection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.DoubleConsumer;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.Split;
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

    /**
     * The events a channel raises with the refractory period {@code refractory} (see {@link EventSettings}), from
     * its events under the same configuration without one: the events of the detectors in {@code detectors} (listed
     * in the configuration's order), each dropped when another of them was raised at most {@code refractory} points
     * before it. Exact, because a muted event is tracked as if it had been raised: the detectors' events are the
     * same with or without the refractory period, only fewer are published. So one detection run gives the events of
     * every subset of detectors (the cross-validation's candidates).
     *
     * @param events the last version of each test-split event, from a run with {@code refractory: 0}
     * @throws IllegalArgumentException for a history (train split) event: positions across the splits are unknown here
     */
    public static List<AnomalyEvent> raised(Collection<AnomalyEvent> events, List<String> detectors,
            int refractory) {
        return raised(events, detectors, refractory, false);
    }

    /**
     * As {@link #raised(Collection, List, int)}, and with {@code promoteMuted} (see {@link EventSettings}) a dropped
     * event that lasts beyond the refractory period is raised from the period's end to its own end (and starts no
     * refractory period of its own). An approximation:
     * the streaming channel raises it at the detector's first firing after the period, which the events alone do not
     * tell (at most the promoted event's start is early, inside its own event; which events are raised can then
     * differ when another detector's alarm falls between the two points). Its times and peak are the whole muted
     * event's: only the indices are meant to be scored.
     */
    public static List<AnomalyEvent> raised(Collection<AnomalyEvent> events, List<String> detectors,
            int refractory, boolean promoteMuted) {
        Comparator<AnomalyEvent> order = Comparator.comparingLong(AnomalyEvent::detectedIndex)
                .thenComparingInt(e -> detectors.indexOf(e.detector()));
        PriorityQueue<AnomalyEvent> candidates = new PriorityQueue<>(order);
        for (AnomalyEvent event : events) {
            if (event.split() != Split.TEST) {
                throw new IllegalArgumentException("a history event: " + event.id());
            }
            if (detectors.contains(event.detector())) {
                candidates.add(event);
            }
        }
        List<AnomalyEvent> raised = new ArrayList<>();
        Set<AnomalyEvent> promoted = new HashSet<>();
        long last = Long.MIN_VALUE;
        while (!candidates.isEmpty()) {
            AnomalyEvent event = candidates.poll();
            if (refractory == 0 || raised.isEmpty() || event.detectedIndex() - last > refractory) {
                raised.add(event);
                if (!promoted.contains(event)) { // a promoted event starts no refractory period
                    last = event.detectedIndex();
                }
            } else if (promoteMuted && event.endIndex() > last + refractory) {
                AnomalyEvent rest = from(event, last + refractory + 1);
                promoted.add(rest);
                candidates.add(rest);
            }
        }
        return raised;
    }

    /** The part of an event from test index {@code start} on, as a new event. */
    private static AnomalyEvent from(AnomalyEvent e, long start) {
        return new AnomalyEvent(AnomalyEvent.idFor(e.channel(), e.detector(), e.split(), start), e.spacecraft(),
                e.channel(), e.detector(), e.split(), start, e.endIndex(), start, e.endTime(), e.endTime(),
                e.endTime(), e.peakScore(), e.threshold(), e.state(), e.revision());
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

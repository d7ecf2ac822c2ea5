package space.telemetry.evaluation.score;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.data.DatasetChannel;
import space.telemetry.data.LabelRow;
import space.telemetry.data.Labels;
import space.telemetry.data.PointStream;
import space.telemetry.detection.DetectionConfig;
import space.telemetry.detection.OfflineDetection;

/**
 * The offline evaluation: every channel's train + test stream through the same {@link
 * space.telemetry.detection.ChannelDetector} the service runs (via {@link OfflineDetection}), in parallel over
 * channels, then event-level scoring of the labelled channels with {@link EventScorer}.
 */
public final class Evaluation {
    /** Replay start time and period for event times of channels without timestamps (they do not affect detection). */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    public static final Duration PERIOD = Duration.ofMinutes(1);

    private Evaluation() {
    }

    /**
     * The detected runs of every channel, by channel id (sorted).
     *
     * @param detector a detector name to score its events alone, or null for the union of all detectors' events
     * @param threads  channels processed in parallel
     */
    public static Map<String, List<Detection>> detect(DetectionConfig config, List<? extends DatasetChannel> channels,
            String detector, int threads) {
        if (detector != null && config.detectors().stream().noneMatch(s -> s.name().equals(detector))) {
            throw new IllegalArgumentException("no detector named '" + detector + "' in the configuration");
        }
        List<DatasetChannel> largestFirst = new ArrayList<>(channels);
        largestFirst.sort(Comparator.comparingLong(DatasetChannel::totalRows).reversed());
        return Parallel.map(largestFirst, DatasetChannel::id, channel -> runs(config, channel, detector), threads);
    }

    /** One channel's runs: the latest version of each event the service would publish, as test-split runs. */
    public static List<Detection> runs(DetectionConfig config, DatasetChannel channel, String detector) {
        if (detector == null) {
            return Detection.union(latestEvents(config, channel));
        }
        // alone: without the events of the others, none mutes it (refractory period)
        return Detection.ofDetector(latestEvents(config.withoutRefractory(), channel), detector);
    }

    /** The latest version of each event the service would publish for the channel. */
    public static Collection<AnomalyEvent> latestEvents(DetectionConfig config, DatasetChannel channel) {
        try (PointStream points = channel.open(START, PERIOD)) {
            return OfflineDetection.latestVersions(
                    OfflineDetection.run(config, channel.source(), channel.id(), points)).values();
        }
    }

    /** Scores every labels row whose channel has detections (rows of channels that were not run are skipped). */
    public static Scores score(Labels labels, Map<String, List<Detection>> detections) {
        List<EventScorer.RowScore> rows = new ArrayList<>();
        for (LabelRow row : labels.rows()) {
            List<Detection> runs = detections.get(row.chanId());
            if (runs != null) {
                rows.add(EventScorer.score(row, runs));
            }
        }
        return new Scores(rows);
    }

    /** Per-row scores and their sums per spacecraft and in total. */
    public record Scores(List<EventScorer.RowScore> rows) {
        public Scores {
            rows = List.copyOf(rows);
        }

        public Map<String, Counts> bySpacecraft() {
            Map<String, Counts> sums = new TreeMap<>();
            for (EventScorer.RowScore r : rows) {
                sums.merge(r.row().spacecraft(), r.counts(), Counts::plus);
            }
            return sums;
        }

        public Counts total() {
            Counts sum = Counts.ZERO;
            for (EventScorer.RowScore r : rows) {
                sum = sum.plus(r.counts());
            }
            return sum;
        }
    }
}

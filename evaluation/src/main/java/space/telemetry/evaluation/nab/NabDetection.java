package space.telemetry.evaluation.nab;

import java.nio.file.Path;
import java.util.List;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.Split;
import space.telemetry.data.PointStream;
import space.telemetry.data.SeriesChannel;
import space.telemetry.data.nab.NabDataset;
import space.telemetry.data.nab.NabSeries;
import space.telemetry.detection.ChannelDetector;
import space.telemetry.detection.DetectionConfig;
import space.telemetry.detection.OfflineDetection;

/**
 * Runs a NAB series through the same {@link ChannelDetector} the service runs, as one channel of source
 * {@value #SOURCE}: NAB's probationary rows (the first 15%, at most 750) are the history (train) split, the rest
 * the test split, with no command features. So the detectors learn exactly where NAB does not score, and every
 * scored row can raise an event (an uncapped 15% history would silence rows NAB scores in series over 5000 rows).
 * The anomaly_score is 1.0 at each row where a detector raised an event (an alarm to the operator) and 0 elsewhere:
 * NAB credits only the first detection in a window and charges every flagged row outside one, so the rows an event
 * stays open are not flagged. Alarms are not merged across detectors as the SMAP scoring's runs are: a run raised
 * before a window and joined inside it by another detector's event would hide that in-window alarm.
 */
public final class NabDetection {
    /** The source (spacecraft) name NAB channels run under. */
    public static final String SOURCE = NabDataset.SOURCE;
    private NabDetection() {
    }

    /** Rows of history for a series: its probationary period. */
    public static int historyRows(NabSeries series) {
        return series.probation();
    }

    /** The channel name of a series: its key without {@code .csv}. */
    public static String channel(NabSeries series) {
        return NabDataset.channelId(series);
    }

    /**
     * Streams the series as the replay streams it ({@link NabDataset#channel}): per row, the anomaly_score (1.0 where
     * an event of the series' detectors, or of the one named {@code only}, was raised, else 0) and the channel's
     * per-point score ({@link space.telemetry.detection.ChannelDetector.Outcome#score}).
     */
    public static Rows rows(DetectionConfig config, NabSeries series, String only) {
        SeriesChannel channel = NabDataset.channel(Path.of(""), series);
        DetectionConfig run = only == null ? config : config.withoutRefractory(); // alone, nothing mutes it
        double[] scores = new double[series.length()];
        int[] row = {0};
        List<AnomalyEvent> events;
        try (PointStream points = channel.open(null, null)) {
            events = OfflineDetection.run(run, channel.source(), channel.id(), points,
                    score -> scores[row[0]++] = score);
        }
        int history = historyRows(series);
        double[] alarms = new double[series.length()];
        OfflineDetection.latestVersions(events).values().stream()
                .filter(e -> e.split() == Split.TEST && (only == null || e.detector().equals(only)))
                .forEach(e -> alarms[(int) (history + e.detectedIndex())] = 1.0);
        return new Rows(alarms, scores);
    }

    /** A series' rows: NAB's anomaly_score (the alarms) and the per-point score beside it. */
    public record Rows(double[] alarms, double[] scores) {
    }
}

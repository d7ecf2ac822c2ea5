package space.telemetry.evaluation.nab;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import space.telemetry.detection.ChannelDetector;
import space.telemetry.detection.DetectionConfig;
import space.telemetry.evaluation.score.Detection;
import space.telemetry.detection.OfflineDetection;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryPoint;

/**
 * Runs a NAB series through the same {@link ChannelDetector} the service runs, as one channel of source
 * {@value #SOURCE}: NAB's probationary rows (the first 15%, at most 750) are the history (train) split, the rest
 * the test split, with no command features. So the detectors learn exactly where NAB does not score, and every
 * scored row can raise an event (an uncapped 15% history would silence rows NAB scores in series over 5000 rows).
 * The anomaly_score is 1.0 at the row where each of the operator's runs (the union of the detectors' events) was
 * raised and 0 elsewhere: NAB credits only the first detection in a window and charges every flagged row outside
 * one, so the rows an event stays open are not flagged.
 */
public final class NabDetection {
    /** The source (spacecraft) name NAB channels run under. */
    public static final String SOURCE = "NAB";
    private NabDetection() {
    }

    /** Rows of history for a series: its probationary period. */
    public static int historyRows(NabSeries series) {
        return series.probation();
    }

    /** The channel name of a series: its key without {@code .csv}. */
    public static String channel(NabSeries series) {
        return series.category() + "/" + series.name();
    }

    /**
     * The runs in the test split (indices relative to it): the operator's (union of all detectors' events) when
     * {@code only} is null, else the named detector's events.
     */
    public static List<Detection> runs(DetectionConfig config, NabSeries series, int history, String only) {
        String channel = channel(series);
        ChannelDetector detector = new ChannelDetector(config, SOURCE, channel);
        List<AnomalyEvent> events = new ArrayList<>();
        double[] none = new double[0];
        for (int row = 0; row < series.length(); row++) {
            boolean train = row < history;
            TelemetryPoint point = new TelemetryPoint(SOURCE, channel, train ? Split.TRAIN : Split.TEST,
                    train ? row : row - history, series.timestamps().get(row).toInstant(ZoneOffset.UTC),
                    series.value(row), none);
            events.addAll(detector.process(point));
        }
        var latest = OfflineDetection.latestVersions(events).values();
        return only == null ? Detection.union(latest) : Detection.ofDetector(latest, only);
    }

    /** The per-row anomaly_score: 1.0 where a run was raised, else 0. */
    public static double[] scores(DetectionConfig config, NabSeries series, String only) {
        int history = historyRows(series);
        double[] scores = new double[series.length()];
        for (Detection run : runs(config, series, history, only)) {
            scores[(int) (history + run.detectedIndex())] = 1.0;
        }
        return scores;
    }
}

package space.telemetry.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import space.telemetry.core.model.AnomalyEvent;
import space.telemetry.core.model.EventState;
import space.telemetry.core.model.Split;
import space.telemetry.core.model.TelemetryPoint;

class ChannelDetectorTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final DetectionConfig CONFIG = new DetectionConfig(
            List.of(new DetectorSpec("z", "rolling-zscore", 5.0, Map.of("window", 100, "min-std", 0.01))),
            new EventSettings(2, 10, false));

    @Test
    void aPlantedLevelShiftOpensOneEventAndClosesIt() {
        ChannelDetector channel = new ChannelDetector(CONFIG, "SMAP", "X-1");
        List<AnomalyEvent> events = run(channel, series(300, 500, Split.TEST, 200, 210));

        assertThat(events).extracting(AnomalyEvent::state).containsExactly(EventState.OPEN, EventState.CLOSED);
        AnomalyEvent open = events.get(0);
        AnomalyEvent closed = events.get(1);
        assertThat(open.split()).isEqualTo(Split.TEST);
        assertThat(open.startIndex()).isEqualTo(200);
        assertThat(open.detectedIndex()).isEqualTo(201); // min-points 2
        assertThat(closed.id()).isEqualTo(open.id()).isEqualTo(AnomalyEvent.idFor("X-1", "z", Split.TEST, 200));
        assertThat(closed.endIndex()).isBetween(200L, 209L);
        assertThat(closed.revision()).isGreaterThan(open.revision());
        assertThat(open.startTime()).isEqualTo(START.plus(Duration.ofMinutes(300 + 200)));
    }

    @Test
    void theTrainSplitWarmsUpWithoutRaisingEvents() {
        ChannelDetector channel = new ChannelDetector(CONFIG, "SMAP", "X-1");
        assertThat(run(channel, series(500, 100, Split.TRAIN, 300, 320))).isEmpty(); // the shift lies in the train split
    }

    @Test
    void duplicatesAndGapsAreRecognised() {
        ChannelDetector channel = new ChannelDetector(CONFIG, "SMAP", "X-1");
        List<TelemetryPoint> points = series(5, 5, Split.TEST, 0, 0);
        assertThat(channel.order(points.get(0))).isEqualTo(ChannelDetector.Order.NEXT);
        points.subList(0, 7).forEach(channel::process);
        assertThat(channel.order(points.get(3))).isEqualTo(ChannelDetector.Order.DUPLICATE); // train after test
        assertThat(channel.order(points.get(6))).isEqualTo(ChannelDetector.Order.DUPLICATE);
        assertThat(channel.order(points.get(7))).isEqualTo(ChannelDetector.Order.NEXT);
        assertThat(channel.order(points.get(9))).isEqualTo(ChannelDetector.Order.GAP);
    }

    @Test
    void aRestoredChannelEmitsExactlyWhatTheOriginalWouldHave() {
        List<TelemetryPoint> points = series(300, 600, Split.TEST, 150, 170);
        ChannelDetector uninterrupted = new ChannelDetector(CONFIG, "SMAP", "X-1");
        List<AnomalyEvent> expected = run(uninterrupted, points);

        ChannelDetector first = new ChannelDetector(CONFIG, "SMAP", "X-1");
        List<AnomalyEvent> actual = new ArrayList<>(run(first, points.subList(0, 460))); // cut inside the event
        ChannelDetector restored = ChannelDetector.restore(CONFIG, first.snapshot()).orElseThrow();
        actual.addAll(run(restored, points)); // a replay from the start: duplicates are skipped

        assertThat(actual).isEqualTo(expected);
        assertThat(expected).hasSize(2);
    }

    @Test
    void learningDetectorsRestoredAcrossTheEndOfTheHistoryEmitExactlyWhatTheOriginalWould() {
        DetectionConfig learning = new DetectionConfig(List.of(
                new DetectorSpec("fc", "forecast", 4.0, Map.of("lags", 3, "span", 30, "window", 300, "warmup", 50,
                        "refit-every", 50)),
                new DetectorSpec("if", "isolation-forest", 0.75, Map.of("trees", 20, "sample", 64)),
                new DetectorSpec("nov", "novelty", 0.3, Map.of())), new EventSettings(2, 10, false));
        List<TelemetryPoint> points = series(600, 600, Split.TEST, 150, 170);
        List<AnomalyEvent> expected = run(new ChannelDetector(learning, "SMAP", "X-1"), points);
        assertThat(expected).isNotEmpty();
        for (int cut : new int[] {300, 600, 601, 760}) { // in the history, at its end, after it, inside the event
            ChannelDetector first = new ChannelDetector(learning, "SMAP", "X-1");
            List<AnomalyEvent> actual = new ArrayList<>(run(first, points.subList(0, cut)));
            ChannelDetector restored = ChannelDetector.restore(learning, first.snapshot()).orElseThrow();
            actual.addAll(run(restored, points));
            assertThat(actual).as("cut at %d", cut).isEqualTo(expected);
        }
    }

    @Test
    void aSnapshotFromAnotherConfigurationIsNotReused() {
        ChannelDetector channel = new ChannelDetector(CONFIG, "SMAP", "X-1");
        DetectionConfig other = new DetectionConfig(
                List.of(new DetectorSpec("z", "rolling-zscore", 4.0, Map.of("window", 100))), EventSettings.DEFAULT);
        assertThat(ChannelDetector.restore(other, channel.snapshot())).isEmpty();
        assertThatThrownBy(() -> ChannelDetector.restore(CONFIG, new byte[] {0, 0, 0, 1, 9}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a channel snapshot");
    }

    static List<AnomalyEvent> run(ChannelDetector channel, List<TelemetryPoint> points) {
        List<AnomalyEvent> events = new ArrayList<>();
        for (TelemetryPoint point : points) {
            if (channel.order(point) != ChannelDetector.Order.DUPLICATE) {
                events.addAll(channel.process(point));
            }
        }
        return events;
    }

    /** A train and test split of small noise, with a shift of +1 over {@code split} indices [shiftFrom, shiftTo). */
    static List<TelemetryPoint> series(int train, int test, Split shifted, int shiftFrom, int shiftTo) {
        List<TelemetryPoint> points = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int position = 0; position < train + test; position++) {
            Split split = position < train ? Split.TRAIN : Split.TEST;
            int index = split == Split.TRAIN ? position : position - train;
            boolean inShift = split == shifted && index >= shiftFrom && index < shiftTo;
            double value = random.nextGaussian() * 0.02 + (inShift ? 1.0 : 0.0);
            points.add(new TelemetryPoint("SMAP", "X-1", split, index, START.plus(Duration.ofMinutes(position)), value,
                    new double[24]));
        }
        return points;
    }
}

package space.telemetry.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryPoint;

/** A fit requested with {@code fitFor} and run elsewhere gives exactly what the inline fit gives. */
class DeferredFitTest {
    private static final DetectionConfig CONFIG = new DetectionConfig(List.of(
            new DetectorSpec("fc", "forecast", 4.0, Map.of("lags", 3, "span", 30, "window", 300, "min-window", 50,
                    "warmup", 50, "refit-every", 50)),
            new DetectorSpec("shape", "mlp-forecast", 4.0, Map.of("lags", 10, "hidden", 8, "epochs", 3,
                    "networks", 2, "window", 300, "min-window", 10, "min-fit", 60)),
            new DetectorSpec("range", "range", 0.1, Map.of(), 1)),
            new EventSettings(2, 10, false, 20, 30));

    @Test
    void aDeferredFitAtTheEndOfTheHistoryGivesTheInlineFitsEventsScoresAndState() {
        assertSame(ChannelDetectorTest.series(400, 600, Split.TEST, 300, 330), 1);
    }

    @Test
    void aShortHistoryFitsOnceTheTestPointsCompleteItAndThatFitCanBeDeferredToo() {
        // 40 history points: the fit waits for min-fit (60) samples after 10 lags, i.e. with test point 29
        List<TelemetryPoint> points = ChannelDetectorTest.series(40, 600, Split.TEST, 300, 330);
        assertSame(points, 1);
        ChannelDetector channel = new ChannelDetector(CONFIG, "SMAP", "X-1");
        int fits = 0;
        for (TelemetryPoint point : points) {
            ChannelDetector.Fit fit = channel.fitFor(point);
            if (fit != null) {
                fits++;
                assertThat(point.split()).isEqualTo(Split.TEST);
                assertThat(point.index()).isEqualTo(29);
            }
            channel.process(point, fit == null ? null : fit.run());
        }
        assertThat(fits).isEqualTo(1);
    }

    @Test
    void aChannelWithoutHistoryFitsOnItsTestPoints() {
        List<TelemetryPoint> points = ChannelDetectorTest.series(400, 600, Split.TEST, 300, 330).stream()
                .filter(point -> point.split() == Split.TEST).toList();
        assertSame(points, 1);
    }

    @Test
    void fitsMadeForAnotherPointAreRefused() {
        List<TelemetryPoint> points = ChannelDetectorTest.series(400, 600, Split.TEST, 300, 330);
        ChannelDetector channel = new ChannelDetector(CONFIG, "SMAP", "X-1");
        points.subList(0, 400).forEach(channel::process);
        ChannelDetector.Fit fit = channel.fitFor(points.get(400));
        assertThat(fit).isNotNull();
        ChannelDetector.Fitted fitted = fit.run();
        channel.process(points.get(400));
        assertThatThrownBy(() -> channel.process(points.get(401), fitted)).isInstanceOf(IllegalStateException.class);
        ChannelDetector other = new ChannelDetector(CONFIG, "SMAP", "X-1");
        points.subList(0, 400).forEach(other::process);
        assertThatThrownBy(() -> other.process(points.get(400), fitted)).isInstanceOf(IllegalStateException.class);
    }

    /** Inline and deferred runs give the same events, scores and final snapshot; {@code fits} fits were deferred. */
    private static void assertSame(List<TelemetryPoint> points, int fits) {
        ChannelDetector inline = new ChannelDetector(CONFIG, "SMAP", "X-1");
        ChannelDetector deferred = new ChannelDetector(CONFIG, "SMAP", "X-1");
        List<AnomalyEvent> inlineEvents = new ArrayList<>();
        List<AnomalyEvent> deferredEvents = new ArrayList<>();
        int deferredFits = 0;
        for (TelemetryPoint point : points) {
            ChannelDetector.Outcome expected = inline.process(point);
            ChannelDetector.Fit fit = deferred.fitFor(point);
            byte[] before = fit == null ? null : deferred.snapshot();
            ChannelDetector.Fitted fitted = null;
            if (fit != null) {
                deferredFits++;
                fitted = fit.run();
                assertThat(deferred.snapshot()).as("a fit changes nothing the channel holds").isEqualTo(before);
            }
            ChannelDetector.Outcome actual = deferred.process(point, fitted);
            assertThat(Double.doubleToLongBits(actual.score())).as("%s %d", point.split(), point.index())
                    .isEqualTo(Double.doubleToLongBits(expected.score()));
            inlineEvents.addAll(expected.events());
            deferredEvents.addAll(actual.events());
        }
        assertThat(deferredFits).isEqualTo(fits);
        assertThat(deferredEvents).isNotEmpty().containsExactlyElementsOf(inlineEvents);
        assertThat(deferred.snapshot()).isEqualTo(inline.snapshot());
    }
}

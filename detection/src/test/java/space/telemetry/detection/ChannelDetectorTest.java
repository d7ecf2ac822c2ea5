package space.telemetry.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.EventState;
import space.telemetry.contract.InvalidRecordException;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryJson;
import space.telemetry.contract.TelemetryPoint;

class ChannelDetectorTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final DetectionConfig CONFIG = new DetectionConfig(
            List.of(new DetectorSpec("z", "rolling-zscore", 5.0, Map.of("window", 100, "min-std", 0.01))),
            new EventSettings(2, 10, false));
    /** One detector of each shipped type, small enough for quick tests. */
    private static final DetectionConfig SHIPPED_TYPES = new DetectionConfig(List.of(
            new DetectorSpec("fc", "forecast", 4.0, Map.of("lags", 3, "span", 30, "window", 300, "min-window", 50,
                    "warmup", 50, "refit-every", 50)),
            new DetectorSpec("chg", "forecast", 4.0, Map.of("lags", 3, "span", 30, "window", 300, "min-window",
                    50, "warmup", 50, "refit-every", 50, "differenced", true)),
            new DetectorSpec("stuck", "flat-run", 2.0, Map.of("tolerance", 0.002, "min-run", 5)),
            new DetectorSpec("var", "variance-shift", 2.0, Map.of("window", 50, "high", true)),
            new DetectorSpec("shape", "mlp-forecast", 4.0, Map.of("lags", 10, "hidden", 8, "epochs", 3,
                    "networks", 2, "window", 300, "min-window", 10)),
            new DetectorSpec("range", "range", 0.1, Map.of(), 1),
            new DetectorSpec("range-recent", "range", 1.0, Map.of("recent", 400), 2),
            new DetectorSpec("range-hold", "range", 1.0, Map.of("recent", 400, "hold", 6), 1),
            new DetectorSpec("neighbour", "neighbour", 6.0, Map.of("length", 8, "references", 100, "window", 300,
                    "min-window", 50))),
            new EventSettings(2, 10, false, 20, 30));

    @Test
    void thePointScoreCrossesOneHalfWhereTheDetectorCrossesItsThreshold() {
        ChannelDetector channel = new ChannelDetector(CONFIG, "SMAP", "X-1");
        List<TelemetryPoint> points = series(300, 500, Split.TEST, 200, 210);
        for (TelemetryPoint point : points) {
            ChannelDetector.Outcome outcome = channel.process(point);
            assertThat(outcome.score()).as("%s %d", point.split(), point.index()).isBetween(0.0, 1.0);
            boolean inShift = point.split() == Split.TEST && point.index() >= 200 && point.index() < 202;
            if (inShift) { // the first shifted points, before the window has learned the new level
                assertThat(outcome.score()).isGreaterThan(0.5);
            } else if (point.split() == Split.TEST && point.index() < 200) {
                assertThat(outcome.score()).isLessThan(0.5); // noise: no event there
            }
        }
        assertThat(channel.process(points.get(0)).score()).isNaN(); // a duplicate is not scored
    }

    @Test
    void timesThatStepBackInsideAnEventNeverMakeItEndBeforeItStarts() {
        List<TelemetryPoint> points = new ArrayList<>(series(300, 500, Split.TEST, 200, 210));
        for (int i = 300 + 201; i < 300 + 206; i++) { // NAB's files have such steps back
            TelemetryPoint p = points.get(i);
            points.set(i, new TelemetryPoint(p.spacecraft(), p.channel(), p.split(), p.index(),
                    p.eventTime().minus(Duration.ofHours(1)), p.value(), p.commands()));
        }
        List<AnomalyEvent> events = run(new ChannelDetector(CONFIG, "SMAP", "X-1"), points);

        assertThat(events).isNotEmpty().allSatisfy(event -> {
            assertThat(event.endTime()).isAfterOrEqualTo(event.startTime());
            assertThat(event.detectedTime()).isAfterOrEqualTo(event.startTime());
            TelemetryJson.checkEvent(event);
        });
    }

    @Test
    void aScoreIsNormalizedToOneHalfAtItsThreshold() {
        assertThat(ChannelDetector.normalized(5, 5)).isEqualTo(0.5);
        assertThat(ChannelDetector.normalized(20, 5)).isEqualTo(0.8);
        assertThat(ChannelDetector.normalized(0, 5)).isZero();
        assertThat(ChannelDetector.normalized(Double.NaN, 5)).isZero(); // warming up
        assertThat(ChannelDetector.normalized(Double.POSITIVE_INFINITY, 5)).isEqualTo(1.0);
        assertThat(ChannelDetector.normalized(0.1, 0)).isEqualTo(1.0); // a threshold of 0: any score alarms
    }

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
    void aDetectorsOwnMinPointsOverridesTheConfigurations() {
        DetectionConfig config = new DetectionConfig(List.of(new DetectorSpec("range", "range", 1.0, Map.of(), 1)),
                new EventSettings(3, 10, false));
        ChannelDetector channel = new ChannelDetector(config, "SMAP", "X-1");
        List<AnomalyEvent> events = run(channel, series(300, 500, Split.TEST, 200, 210));

        assertThat(events).first().satisfies(open -> {
            assertThat(open.detectedIndex()).isEqualTo(200); // one point beyond the range suffices
            assertThat(open.startIndex()).isEqualTo(200);
        });
    }

    @Test
    void anotherDetectorCrossingItsThresholdWithinTheRefractoryPeriodRaisesNothing() {
        DetectionConfig config = new DetectionConfig(List.of(new DetectorSpec("range", "range", 1.0, Map.of(), 1),
                CONFIG.detectors().get(0)), new EventSettings(2, 10, false, 0, 100));
        List<TelemetryPoint> points = new ArrayList<>();
        for (TelemetryPoint p : series(300, 600, Split.TEST, 200, 210)) { // a second shift to the same level at 400
            boolean second = p.split() == Split.TEST && p.index() >= 400 && p.index() < 410;
            points.add(second ? with(p, p.value() + 1.0, p.commands(), p.eventTime()) : p);
        }
        List<AnomalyEvent> events = run(new ChannelDetector(config, "SMAP", "X-1"), points);

        // at 200 both detectors fire: range (one point) raises the alarm, z joins it silently; at 400 the level is
        // inside the range, z alone fires, and the refractory period after 200 is over
        assertThat(events).extracting(e -> e.detector() + " " + e.state() + " " + e.detectedIndex()).containsExactly(
                "range OPEN 200", "range CLOSED 200", "z OPEN 401", "z CLOSED 401");
        DetectionConfig without = new DetectionConfig(config.detectors(), new EventSettings(2, 10, false, 0, 0));
        List<AnomalyEvent> all = run(new ChannelDetector(without, "SMAP", "X-1"), points);
        assertThat(all).extracting(AnomalyEvent::detector).containsExactly("range", "z", "range", "z", "z", "z");
        // the refractory period applied afterwards to the events of a run without one gives the same events
        assertThat(OfflineDetection.raised(OfflineDetection.latestVersions(all).values(), List.of("range", "z"), 100))
                .containsExactlyInAnyOrderElementsOf(OfflineDetection.latestVersions(events).values());
        assertThat(OfflineDetection.raised(OfflineDetection.latestVersions(all).values(), List.of("z"), 100))
                .extracting(AnomalyEvent::detectedIndex).containsExactly(201L, 401L);
    }

    /** Range fires once at the jump to 1.0 at test index 200; the frozen value then keeps stuck firing until 400. */
    private static final List<DetectorSpec> RANGE_AND_STUCK = List.of(new DetectorSpec("range", "range", 1.0, Map.of(), 1),
            new DetectorSpec("stuck", "flat-run", 2.0, Map.of("tolerance", 0.002, "min-run", 5)));

    private static List<TelemetryPoint> frozenAfterJump() {
        List<TelemetryPoint> points = new ArrayList<>();
        for (TelemetryPoint p : series(300, 600, Split.TEST, 0, 0)) {
            boolean frozen = p.split() == Split.TEST && p.index() >= 200 && p.index() < 400;
            points.add(frozen ? with(p, 1.0, p.commands(), p.eventTime()) : p);
        }
        return points;
    }

    @Test
    void aMutedEventStillFiringAfterTheRefractoryPeriodIsRaisedThenWhenPromoteMutedIsOn() {
        DetectionConfig promote = new DetectionConfig(RANGE_AND_STUCK, new EventSettings(2, 10, false, 0, 100, true));
        DetectionConfig mute = new DetectionConfig(RANGE_AND_STUCK, new EventSettings(2, 10, false, 0, 100, false));

        List<AnomalyEvent> promoted = run(new ChannelDetector(promote, "SMAP", "X-1"), frozenAfterJump());
        List<AnomalyEvent> muted = run(new ChannelDetector(mute, "SMAP", "X-1"), frozenAfterJump());

        // stuck opens muted at about 211 (within 100 points of range's alarm at 200); it still fires at 301
        assertThat(promoted).extracting(e -> e.detector() + " " + e.state() + " " + e.startIndex() + " "
                + e.detectedIndex()).containsExactly("range OPEN 200 200", "range CLOSED 200 200",
                        "stuck OPEN 301 301", "stuck CLOSED 301 301");
        assertThat(promoted.get(3).endIndex()).isEqualTo(399);
        assertThat(muted).extracting(AnomalyEvent::detector).containsExactly("range", "range");
    }

    @Test
    void aPromotedEventStartsNoRefractoryPeriodOfItsOwn() {
        DetectionConfig promote = new DetectionConfig(RANGE_AND_STUCK, new EventSettings(2, 10, false, 0, 100, true));
        List<TelemetryPoint> points = new ArrayList<>();
        for (TelemetryPoint p : series(300, 600, Split.TEST, 0, 0)) { // frozen at 1.0 over [200, 330), 3.0 at 340
            boolean frozen = p.split() == Split.TEST && p.index() >= 200 && p.index() < 330;
            boolean spike = p.split() == Split.TEST && p.index() == 340;
            points.add(frozen || spike ? with(p, frozen ? 1.0 : 3.0, p.commands(), p.eventTime()) : p);
        }

        List<AnomalyEvent> events = run(new ChannelDetector(promote, "SMAP", "X-1"), points);

        // stuck, promoted at 301, does not mute range's new extreme at 340 (140 points after the channel's alarm)
        assertThat(events).filteredOn(e -> e.state() == EventState.OPEN)
                .extracting(e -> e.detector() + " " + e.detectedIndex())
                .containsExactly("range 200", "stuck 301", "range 340");
        assertThat(OfflineDetection.raised(OfflineDetection.latestVersions(run(new ChannelDetector(
                promote.withoutRefractory(), "SMAP", "X-1"), points)).values(), List.of("range", "stuck"), 100, true))
                .extracting(e -> e.detector() + " " + e.detectedIndex())
                .containsExactly("range 200", "stuck 301", "range 340");
    }

    @Test
    void theRefractoryPeriodWithPromotionAppliedToTheEventsOfARunWithoutOneGivesTheStreamingEvents() {
        DetectionConfig promote = new DetectionConfig(RANGE_AND_STUCK, new EventSettings(2, 10, false, 0, 100, true));
        List<AnomalyEvent> streamed = run(new ChannelDetector(promote, "SMAP", "X-1"), frozenAfterJump());
        List<AnomalyEvent> all = run(new ChannelDetector(promote.withoutRefractory(), "SMAP", "X-1"), frozenAfterJump());

        assertThat(OfflineDetection.raised(OfflineDetection.latestVersions(all).values(), List.of("range", "stuck"), 100,
                true)).extracting(e -> e.id() + " " + e.startIndex() + " " + e.endIndex() + " " + e.detectedIndex())
                .containsExactlyElementsOf(OfflineDetection.latestVersions(streamed).values().stream()
                        .map(e -> e.id() + " " + e.startIndex() + " " + e.endIndex() + " " + e.detectedIndex())
                        .toList());
    }

    @Test
    void aChannelRestoredInsideAMutedEventPromotesItExactlyAsTheOriginal() {
        DetectionConfig promote = new DetectionConfig(RANGE_AND_STUCK, new EventSettings(2, 10, false, 0, 100, true));
        List<TelemetryPoint> points = frozenAfterJump();
        List<AnomalyEvent> expected = run(new ChannelDetector(promote, "SMAP", "X-1"), points);

        ChannelDetector first = new ChannelDetector(promote, "SMAP", "X-1");
        List<AnomalyEvent> actual = new ArrayList<>(run(first, points.subList(0, 300 + 250))); // stuck open, muted
        actual.addAll(run(ChannelDetector.restore(promote, first.snapshot()).orElseThrow(), points));

        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void theTrainSplitWarmsUpWithoutRaisingEvents() {
        ChannelDetector channel = new ChannelDetector(CONFIG, "SMAP", "X-1");
        assertThat(run(channel, series(500, 100, Split.TRAIN, 300, 320))).isEmpty(); // the shift lies in the train split
    }

    @Test
    void duplicatesAreSkippedWithoutChangingStateAndGapsAreProcessed() {
        ChannelDetector channel = new ChannelDetector(CONFIG, "SMAP", "X-1");
        List<TelemetryPoint> points = series(5, 5, Split.TEST, 0, 0);
        assertThat(channel.process(points.get(0)).order()).isEqualTo(ChannelDetector.Order.NEXT);
        points.subList(1, 7).forEach(channel::process);
        byte[] before = channel.snapshot();

        // train after test: the stream was replayed from the start
        assertThat(channel.process(points.get(3)).order()).isEqualTo(ChannelDetector.Order.DUPLICATE);
        assertThat(channel.process(points.get(6)).order()).isEqualTo(ChannelDetector.Order.DUPLICATE);
        assertThat(channel.snapshot()).isEqualTo(before);
        assertThat(channel.process(points.get(7)).order()).isEqualTo(ChannelDetector.Order.NEXT);
        assertThat(channel.process(points.get(9)).order()).isEqualTo(ChannelDetector.Order.GAP);
        assertThat(channel.process(points.get(9)).order()).isEqualTo(ChannelDetector.Order.DUPLICATE);
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
    void theFirstTestPointsAfterAJumpInTimeAreInsideTheGraceAndRaiseNothing() {
        DetectionConfig grace = new DetectionConfig(CONFIG.detectors(), new EventSettings(2, 10, false, 100));
        assertThat(run(new ChannelDetector(grace, "SMAP", "X-1"), jumped(series(300, 500, Split.TEST, 50, 60))))
                .isEmpty();
        List<AnomalyEvent> later = run(new ChannelDetector(grace, "SMAP", "X-1"),
                jumped(series(300, 500, Split.TEST, 150, 160)));
        assertThat(later).extracting(AnomalyEvent::startIndex).containsExactly(150L, 150L);
        assertThatThrownBy(() -> new EventSettings(1, 1, false, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTestSplitThatContinuesTheHistoryInTimeIsJudgedFromItsFirstPoint() {
        DetectionConfig grace = new DetectionConfig(CONFIG.detectors(), new EventSettings(2, 10, false, 100));
        assertThat(run(new ChannelDetector(grace, "SMAP", "X-1"), series(300, 500, Split.TEST, 50, 60)))
                .extracting(AnomalyEvent::startIndex).containsExactly(50L, 50L);
    }

    @Test
    void theShippedDetectorTypesRestoredAnywhereEmitExactlyWhatTheOriginalWould() {
        List<TelemetryPoint> points = series(600, 600, Split.TEST, 150, 170);
        List<AnomalyEvent> expected = run(new ChannelDetector(SHIPPED_TYPES, "SMAP", "X-1"), points);
        assertThat(expected).isNotEmpty();
        // history, its end, after it, in the grace, in range-hold's hold (candidate 750), in the event
        for (int cut : new int[] {300, 600, 601, 615, 753, 760}) {
            ChannelDetector first = new ChannelDetector(SHIPPED_TYPES, "SMAP", "X-1");
            List<AnomalyEvent> actual = new ArrayList<>(run(first, points.subList(0, cut)));
            ChannelDetector restored = ChannelDetector.restore(SHIPPED_TYPES, first.snapshot()).orElseThrow();
            actual.addAll(run(restored, points));
            assertThat(actual).as("cut at %d", cut).isEqualTo(expected);
        }
    }

    @Test
    void aChannelWithoutCommandsOfAnySourceRunsEveryShippedDetectorAndRestores() {
        List<TelemetryPoint> points = series(600, 600, Split.TEST, 150, 170).stream()
                .map(p -> new TelemetryPoint("PLANT-1", "pump.pressure", p.split(), p.index(), p.eventTime(),
                        p.value(), new double[0]))
                .toList();
        points.forEach(p -> assertThat(TelemetryJson.readPoint(p.channel(), TelemetryJson.write(p))).isNotNull());
        for (DetectionConfig config : List.of(SHIPPED_TYPES, DetectionConfigTest.shipped())) {
            List<AnomalyEvent> expected = run(new ChannelDetector(config, "PLANT-1", "pump.pressure"), points);
            if (config == SHIPPED_TYPES) { // the shipped configuration's grace and windows outlast this short series
                assertThat(expected).extracting(AnomalyEvent::startIndex)
                        .anySatisfy(i -> assertThat(i).isBetween(140L, 170L));
            }
            assertThat(expected).extracting(AnomalyEvent::spacecraft).allMatch("PLANT-1"::equals);
            ChannelDetector first = new ChannelDetector(config, "PLANT-1", "pump.pressure");
            List<AnomalyEvent> actual = new ArrayList<>(run(first, points.subList(0, 700)));
            actual.addAll(run(ChannelDetector.restore(config, first.snapshot()).orElseThrow(), points));
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Test
    void theShippedConfigurationKeepsAnMslSizedChannelSnapshotUnder64KilobytesAndRestoresIt() throws Exception {
        DetectionConfig config = DetectionConfigTest.shipped();
        java.util.Random random = new java.util.Random(11);
        List<TelemetryPoint> points = new ArrayList<>();
        for (int position = 0; position < 6000; position++) { // 3,000 train points, MSL-sized rows (54 commands)
            Split split = position < 3000 ? Split.TRAIN : Split.TEST;
            double[] commands = new double[54];
            if (random.nextInt(20) == 0) {
                commands[random.nextInt(54)] = 1;
            }
            points.add(new TelemetryPoint("MSL", "M-X", split, split == Split.TRAIN ? position : position - 3000,
                    START.plus(Duration.ofMinutes(position)), Math.sin(position / 40.0) + 0.05 * random.nextGaussian(),
                    commands));
        }
        ChannelDetector uninterrupted = new ChannelDetector(config, "MSL", "M-X");
        List<AnomalyEvent> expected = run(uninterrupted, points);
        for (int cut : new int[] {2999, 3000, 4500}) {
            ChannelDetector first = new ChannelDetector(config, "MSL", "M-X");
            List<AnomalyEvent> actual = new ArrayList<>(run(first, points.subList(0, cut)));
            byte[] snapshot = first.snapshot();
            assertThat(snapshot.length).as("snapshot at %d", cut).isLessThan(64 * 1024);
            actual.addAll(run(ChannelDetector.restore(config, snapshot).orElseThrow(), points));
            assertThat(actual).as("cut at %d", cut).isEqualTo(expected);
        }
    }

    static Stream<Arguments> badPoints() {
        TelemetryPoint next = series(600, 600, Split.TEST, 150, 170).get(700);
        return Stream.of(
                bad("no commands on a channel that had 24", with(next, next.value(), new double[0], next.eventTime()),
                        "channel X-1: point has 0 command features, the channel's earlier points had 24"),
                bad("25 commands", with(next, next.value(), new double[25], next.eventTime()),
                        "channel X-1: point has 25 command features"),
                bad("NaN value", with(next, Double.NaN, next.commands(), next.eventTime()),
                        "value must be a finite number"),
                bad("infinite command", with(next, 0.0, infinityAt(3), next.eventTime()),
                        "commands[3] must be a finite number"),
                bad("event time in year 1000000000", with(next, 0.0, next.commands(), Instant.MAX),
                        "eventTime must be between"),
                bad("missing split", new TelemetryPoint("SMAP", "X-1", null, 100, next.eventTime(), 0.0,
                        next.commands()), "split is missing"),
                bad("a point of another channel", new TelemetryPoint("SMAP", "X-2", Split.TEST, 100,
                        next.eventTime(), 0.0, next.commands()), "a point of channel X-2 given to channel X-1"),
                bad("a point of another spacecraft", new TelemetryPoint("TEST-BENCH", "X-1", Split.TEST, 100,
                        next.eventTime(), 0.0, next.commands()), "channel X-1 belongs to SMAP, not to TEST-BENCH"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPoints")
    void aBadPointIsRejectedBeforeAnyStateChanges(TelemetryPoint bad, String reason) {
        List<TelemetryPoint> points = series(600, 600, Split.TEST, 150, 170);
        List<AnomalyEvent> expected = run(new ChannelDetector(SHIPPED_TYPES, "SMAP", "X-1"), points);
        ChannelDetector channel = new ChannelDetector(SHIPPED_TYPES, "SMAP", "X-1");
        List<AnomalyEvent> actual = new ArrayList<>(run(channel, points.subList(0, 700)));
        byte[] before = channel.snapshot();

        assertThatThrownBy(() -> channel.process(bad)).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining(reason);

        assertThat(channel.snapshot()).isEqualTo(before);
        actual.addAll(run(channel, points.subList(700, points.size())));
        assertThat(actual).isEqualTo(expected);
    }

    private static Arguments bad(String name, TelemetryPoint point, String reason) {
        return Arguments.of(Named.of(name, point), reason);
    }

    private static TelemetryPoint with(TelemetryPoint point, double value, double[] commands, Instant time) {
        return new TelemetryPoint(point.spacecraft(), point.channel(), point.split(), point.index(), time, value,
                commands);
    }

    private static double[] infinityAt(int i) {
        double[] commands = new double[24];
        commands[i] = Double.POSITIVE_INFINITY;
        return commands;
    }

    @Test
    void anInfiniteScoreIsPublishedAsTheLargestFiniteNumber() {
        DetectionConfig zeroFloor = new DetectionConfig(
                List.of(new DetectorSpec("z", "rolling-zscore", 5.0, Map.of("window", 10, "min-std", 0.0))),
                new EventSettings(1, 10, false));
        List<TelemetryPoint> points = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // constant, so the standard deviation is 0, then a step
            points.add(new TelemetryPoint("SMAP", "X-1", Split.TEST, i, START.plusSeconds(i), i < 30 ? 0.0 : 1.0,
                    new double[24]));
        }
        List<AnomalyEvent> events = run(new ChannelDetector(zeroFloor, "SMAP", "X-1"), points);

        assertThat(events).isNotEmpty().allSatisfy(event -> {
            assertThat(event.peakScore()).isEqualTo(Double.MAX_VALUE);
            assertThat(TelemetryJson.readEvent(TelemetryJson.write(event))).isEqualTo(event);
        });
    }

    @Test
    void aSnapshotFromAnotherConfigurationIsNotReused() {
        ChannelDetector channel = new ChannelDetector(CONFIG, "SMAP", "X-1");
        DetectionConfig other = new DetectionConfig(
                List.of(new DetectorSpec("z", "rolling-zscore", 4.0, Map.of("window", 100))), EventSettings.DEFAULT);
        assertThat(ChannelDetector.restore(other, channel.snapshot())).isEmpty();
        assertThat(ChannelDetector.restore(CONFIG, new byte[] {0, 0, 0, ChannelDetector.STATE_VERSION - 1, 9}))
                .isEmpty(); // an older format
        byte[] notASnapshot = {0, 0, 0, ChannelDetector.STATE_VERSION, 9}; // the current format, a body of one byte
        assertThatThrownBy(() -> ChannelDetector.restore(CONFIG, notASnapshot))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a channel snapshot");
    }

    static List<AnomalyEvent> run(ChannelDetector channel, List<TelemetryPoint> points) {
        List<AnomalyEvent> events = new ArrayList<>();
        for (TelemetryPoint point : points) {
            events.addAll(channel.process(point).events());
        }
        return events;
    }

    /** The points with the test split moved a day later, as Telemanom's splits are recorded apart. */
    static List<TelemetryPoint> jumped(List<TelemetryPoint> points) {
        return points.stream().map(p -> p.split() == Split.TRAIN ? p : new TelemetryPoint(p.spacecraft(), p.channel(),
                p.split(), p.index(), p.eventTime().plus(Duration.ofDays(1)), p.value(), p.commands())).toList();
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

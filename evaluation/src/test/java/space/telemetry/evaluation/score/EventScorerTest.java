package space.telemetry.evaluation.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import space.telemetry.data.AnomalySequence;
import space.telemetry.data.LabelRow;
import space.telemetry.data.Labels;

class EventScorerTest {

    private static LabelRow row(String chan, long length, long... bounds) {
        List<AnomalySequence> sequences = new java.util.ArrayList<>();
        List<String> classes = new java.util.ArrayList<>();
        for (int i = 0; i < bounds.length; i += 2) {
            sequences.add(new AnomalySequence(bounds[i], bounds[i + 1]));
            classes.add("point");
        }
        return new LabelRow(chan, "SMAP", sequences, classes, length, 0);
    }

    private static Detection run(long start, long end, long detected) {
        return new Detection("X-1", start, end, detected, "d", 1.0);
    }

    @Test
    void aRunOverlappingALabelIsATruePositiveAndOneOutsideIsAFalsePositive() {
        Counts c = EventScorer.score(row("X-1", 1000, 100, 199), List.of(run(150, 160, 152), run(500, 510, 502)))
                .counts();
        assertThat(c.tp()).isEqualTo(1);
        assertThat(c.fp()).isEqualTo(1);
        assertThat(c.fn()).isZero();
        assertThat(c.delays()).containsExactly(52L);
        assertThat(c.flagged()).isEqualTo(22);
    }

    @Test
    void furtherRunsOnACreditedSequenceCountNeitherWay() {
        Counts c = EventScorer.score(row("X-1", 1000, 100, 199),
                List.of(run(120, 125, 121), run(150, 160, 152), run(190, 300, 195))).counts();
        assertThat(c.tp()).isEqualTo(1);
        assertThat(c.fp()).isZero();
        assertThat(c.delays()).containsExactly(21L); // the first raised run
    }

    @Test
    void aRunOverlappingTwoSequencesCreditsOnlyTheFirstItOverlaps() {
        // labels listed out of order, as in the NASA file: the run spans both; the earliest one is credited
        LabelRow labels = row("X-1", 1000, 400, 450, 100, 120);
        Counts c = EventScorer.score(labels, List.of(run(110, 420, 115))).counts();
        assertThat(c.tp()).isEqualTo(1);
        assertThat(c.fn()).isEqualTo(1);
        assertThat(c.delays()).containsExactly(15L);
        // a later run on the second sequence credits it
        Counts both = EventScorer.score(labels, List.of(run(110, 420, 115), run(440, 445, 441))).counts();
        assertThat(both.tp()).isEqualTo(2);
        assertThat(both.fp()).isZero();
    }

    @Test
    void uncreditedSequencesAreFalseNegativesAndARunJustTouchingALabelCounts() {
        Counts c = EventScorer.score(row("X-1", 1000, 100, 199, 600, 700), List.of(run(50, 100, 60))).counts();
        assertThat(c.tp()).isEqualTo(1);
        assertThat(c.fn()).isEqualTo(1);
        assertThat(c.delays()).containsExactly(-40L); // raised before the labelled start
        assertThat(EventScorer.score(row("X-1", 1000, 100, 199), List.of(run(200, 250, 200))).counts().fp())
                .isEqualTo(1);
    }

    @Test
    void runsAreTakenInTheOrderTheyWereRaised() {
        // the run raised first gets the credit (and its delay), whatever the list order
        Counts c = EventScorer.score(row("X-1", 1000, 100, 199), List.of(run(105, 300, 250), run(180, 190, 181)))
                .counts();
        assertThat(c.tp()).isEqualTo(1);
        assertThat(c.delays()).containsExactly(81L);
    }

    @Test
    void coverageCountsTheUnionOfRunsClippedToTheTestArray() {
        assertThat(EventScorer.flagged(List.of(run(0, 9, 0), run(5, 14, 5), run(90, 200, 90)), 100)).isEqualTo(25);
    }

    @Test
    void twoRowsOfOneChannelAreScoredSeparatelyAndSummed() {
        Labels labels = Labels.of(List.of(row("P-2", 1000, 100, 199), row("P-2", 1000, 600, 650)));
        Evaluation.Scores scores = Evaluation.score(labels, Map.of("P-2", List.of(new Detection("P-2", 150, 160,
                151, "d", 1))));
        assertThat(scores.rows()).hasSize(2);
        Counts first = scores.rows().get(0).counts();
        Counts second = scores.rows().get(1).counts();
        assertThat(first.tp()).isEqualTo(1);
        assertThat(second.fp()).isEqualTo(1);
        assertThat(second.fn()).isEqualTo(1);
        Counts total = scores.total();
        assertThat(total.tp()).isEqualTo(1);
        assertThat(total.fp()).isEqualTo(1);
        assertThat(total.fn()).isEqualTo(1);
        assertThat(total.points()).isEqualTo(2000);
        assertThat(total.precision()).isEqualTo(0.5);
        assertThat(total.f05()).isCloseTo(0.5, within(1e-12));
        assertThat(scores.bySpacecraft()).containsOnlyKeys("SMAP");
    }

    @Test
    void figuresFollowTheirDefinitions() {
        Counts c = new Counts(6, 2, 3, 50, 1000, List.of(5L, 1L, 9L, 3L));
        assertThat(c.precision()).isEqualTo(0.75);
        assertThat(c.recall()).isCloseTo(6.0 / 9, within(1e-12));
        double p = 0.75;
        double r = 6.0 / 9;
        assertThat(c.f05()).isCloseTo(1.25 * p * r / (0.25 * p + r), within(1e-12));
        assertThat(c.f1()).isCloseTo(2 * p * r / (p + r), within(1e-12));
        assertThat(c.coverage()).isEqualTo(0.05);
        assertThat(c.medianDelay()).isEqualTo(3);
        assertThat(c.p90Delay()).isEqualTo(9);
        assertThat(Counts.ZERO.precision()).isNaN();
    }

    @Test
    void unionMergesOverlappingEventsOfAllDetectors() {
        var e1 = event("a", 100, 150, 102, 8, 4);
        var e2 = event("b", 140, 200, 141, 9, 3);
        var e3 = event("a", 400, 410, 402, 5, 4);
        List<Detection> runs = Detection.union(List.of(e3, e2, e1));
        assertThat(runs).containsExactly(new Detection("X-1", 100, 200, 102, "a+b", 3.0),
                new Detection("X-1", 400, 410, 402, "a", 1.25));
        assertThat(Detection.ofDetector(List.of(e1, e2, e3), "a")).extracting(Detection::startIndex)
                .containsExactly(100L, 400L);
    }

    private static space.telemetry.contract.AnomalyEvent event(String detector, long start, long end,
            long detected, double peak, double threshold) {
        java.time.Instant t = java.time.Instant.EPOCH;
        return new space.telemetry.contract.AnomalyEvent("id-" + detector + start, "SMAP", "X-1", detector,
                space.telemetry.contract.Split.TEST, start, end, detected, t, t, t, peak, threshold,
                space.telemetry.contract.EventState.CLOSED, end);
    }
}

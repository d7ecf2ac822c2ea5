package space.telemetry.evaluation.score;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import space.telemetry.data.AnomalySequence;
import space.telemetry.data.LabelRow;

/**
 * Event-level scoring of one labels row against a channel's detected runs, as DESIGN.md defines it:
 * <ul>
 * <li>runs are taken in the order they were raised (detected index, then start);</li>
 * <li>a run overlapping a labelled sequence is credited to the first labelled sequence it overlaps (the earliest in
 * the test array, which is also the first the run reaches in time): a true positive if that sequence was not yet
 * credited, otherwise it counts neither way;</li>
 * <li>a run overlapping no labelled point is a false positive;</li>
 * <li>sequences never credited are false negatives.</li>
 * </ul>
 * Beside the counts: the points the runs flag (their union, clipped to the test array) and, for each credited
 * sequence, the detection delay (detected index minus the sequence's start; negative when the run was raised just
 * before the labelled start).
 */
public final class EventScorer {

    private EventScorer() {
    }

    /**
     * The score of one labels row.
     *
     * @param row  the labels row (sequences, test length)
     * @param runs the channel's detected runs (any order; runs of other channels must not be passed)
     */
    public static RowScore score(LabelRow row, List<Detection> runs) {
        List<AnomalySequence> sequences = new ArrayList<>(row.sequences());
        sequences.sort(Comparator.comparingLong(AnomalySequence::start).thenComparingLong(AnomalySequence::end));
        boolean[] credited = new boolean[sequences.size()];
        List<Detection> ordered = new ArrayList<>(runs);
        ordered.sort(Comparator.comparingLong(Detection::detectedIndex).thenComparingLong(Detection::startIndex));
        int tp = 0;
        int fp = 0;
        List<Long> delays = new ArrayList<>();
        for (Detection run : ordered) {
            int hit = -1;
            for (int s = 0; s < sequences.size(); s++) {
                if (sequences.get(s).overlaps(run.startIndex(), run.endIndex())) {
                    hit = s;
                    break;
                }
            }
            if (hit < 0) {
                fp++;
            } else if (!credited[hit]) {
                credited[hit] = true;
                tp++;
                delays.add(run.detectedIndex() - sequences.get(hit).start());
            }
        }
        int fn = 0;
        for (boolean c : credited) {
            if (!c) {
                fn++;
            }
        }
        return new RowScore(row, new Counts(tp, fp, fn, flagged(runs, row.numValues()), row.numValues(), delays));
    }

    /** Points of [0, length) covered by at least one run. */
    static long flagged(List<Detection> runs, long length) {
        List<Detection> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingLong(Detection::startIndex));
        long covered = 0;
        long reach = -1; // last index counted
        for (Detection run : sorted) {
            long from = Math.max(run.startIndex(), reach + 1);
            long to = Math.min(run.endIndex(), length - 1);
            if (to >= from) {
                covered += to - from + 1;
            }
            reach = Math.max(reach, Math.min(run.endIndex(), length - 1));
        }
        return covered;
    }

    /** One labels row and its counts. */
    public record RowScore(LabelRow row, Counts counts) {
    }
}

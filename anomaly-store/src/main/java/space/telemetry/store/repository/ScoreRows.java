package space.telemetry.store.repository;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import space.telemetry.contract.ScoreBatch;

/** The points of a batch of score records as the column arrays of one multi-row statement. */
public final class ScoreRows {
    private final String[] channels;
    private final String[] splits;
    private final Long[] indices;
    private final Long[] times;
    private final Double[] values;
    private final Float[] scores;
    private final Float[] thresholds;
    private final Latest latest;

    /** The latest point of each channel in the batch, as columns. */
    public record Latest(String[] channels, String[] spacecraft, String[] splits, Long[] indices, Long[] times,
            Double[] values, Float[] scores, Float[] thresholds) {
    }

    public ScoreRows(List<ScoreBatch> batches) {
        int size = 0;
        for (ScoreBatch batch : batches) {
            size += batch.size();
        }
        channels = new String[size];
        splits = new String[size];
        indices = new Long[size];
        times = new Long[size];
        values = new Double[size];
        scores = new Float[size];
        thresholds = new Float[size];
        Map<String, int[]> newest = new HashMap<>(); // channel -> {batch, point}
        int row = 0;
        for (int b = 0; b < batches.size(); b++) {
            ScoreBatch batch = batches.get(b);
            String split = batch.split().wireName();
            Float threshold = (float) batch.threshold();
            for (int i = 0; i < batch.size(); i++, row++) {
                channels[row] = batch.channel();
                splits[row] = split;
                indices[row] = batch.indices()[i];
                times[row] = batch.times()[i];
                values[row] = batch.values()[i];
                scores[row] = batch.scores()[i];
                thresholds[row] = threshold;
            }
            int best = 0;
            for (int i = 1; i < batch.size(); i++) {
                if (isAfter(batch, i, batch, best)) {
                    best = i;
                }
            }
            int at = b;
            int point = best;
            newest.merge(batch.channel(), new int[] {b, best},
                    (kept, candidate) -> isAfter(batches.get(at), point, batches.get(kept[0]), kept[1])
                            ? candidate : kept);
        }
        int n = newest.size();
        Latest columns = new Latest(new String[n], new String[n], new String[n], new Long[n], new Long[n],
                new Double[n], new Float[n], new Float[n]);
        int c = 0;
        for (int[] position : newest.values()) {
            ScoreBatch batch = batches.get(position[0]);
            int i = position[1];
            columns.channels()[c] = batch.channel();
            columns.spacecraft()[c] = batch.spacecraft();
            columns.splits()[c] = batch.split().wireName();
            columns.indices()[c] = batch.indices()[i];
            columns.times()[c] = batch.times()[i];
            columns.values()[c] = batch.values()[i];
            columns.scores()[c] = batch.scores()[i];
            columns.thresholds()[c] = (float) batch.threshold();
            c++;
        }
        latest = columns;
    }

    /** Whether point {@code i} of {@code a} comes after point {@code j} of {@code b}: time, test after train, index. */
    private static boolean isAfter(ScoreBatch a, int i, ScoreBatch b, int j) {
        int byTime = Long.compare(a.times()[i], b.times()[j]);
        if (byTime != 0) {
            return byTime > 0;
        }
        int bySplit = Integer.compare(a.split().ordinal(), b.split().ordinal()); // TRAIN, TEST
        return bySplit != 0 ? bySplit > 0 : a.indices()[i] > b.indices()[j];
    }

    public int size() {
        return channels.length;
    }

    String[] channels() {
        return channels;
    }

    String[] splits() {
        return splits;
    }

    Long[] indices() {
        return indices;
    }

    Long[] times() {
        return times;
    }

    Double[] values() {
        return values;
    }

    Float[] scores() {
        return scores;
    }

    Float[] thresholds() {
        return thresholds;
    }

    Latest latest() {
        return latest;
    }
}

package space.telemetry.store.repository;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import java.time.Instant;
import java.util.Arrays;
import space.telemetry.store.service.SeriesPoints;

/**
 * Min/max downsampling of a range read whole, in one pass and as {@code SeriesRepository.POINTS} does it in SQL: the
 * points are cut into maxPoints/2 buckets of consecutive points (sizes as ntile: the first ones one larger), each
 * bucket gives its first min-value and first max-value points in time order (one when they are the same), both
 * carrying the bucket's highest score.
 */
final class Downsampling {
    private Downsampling() {
    }

    /** The rows of {@code SeriesRepository.RANGE} (t, split, idx, value, score, threshold) as a point range. */
    static SeriesRepository.PointRange of(RowSet<Row> rows, int maxPoints) {
        int n = rows.size();
        long[] time = new long[n];
        String[] split = new String[n];
        long[] index = new long[n];
        double[] value = new double[n];
        float[] score = new float[n];
        float[] threshold = new float[n];
        int i = 0;
        for (Row row : rows) {
            time[i] = row.getLong(0);
            split[i] = row.getString(1);
            index[i] = row.getLong(2);
            value[i] = row.getDouble(3);
            score[i] = row.getFloat(4);
            threshold[i] = row.getFloat(5);
            i++;
        }
        Instant first = n == 0 ? null : Instant.ofEpochMilli(time[0]);
        Instant last = n == 0 ? null : Instant.ofEpochMilli(time[n - 1]);
        SeriesPoints all = new SeriesPoints(time, split, index, value, score, threshold);
        return new SeriesRepository.PointRange(n <= maxPoints ? all : downsample(all, maxPoints), n, first, last);
    }

    /** The min/max points of each of maxPoints/2 buckets. */
    static SeriesPoints downsample(SeriesPoints all, int maxPoints) {
        int n = all.size();
        int buckets = Math.max(1, maxPoints / 2);
        int[] keep = new int[2 * buckets];
        float[] keptScore = new float[2 * buckets];
        int kept = 0;
        int start = 0;
        for (int b = 0; b < buckets && start < n; b++) {
            int end = start + n / buckets + (b < n % buckets ? 1 : 0);
            int min = start;
            int max = start;
            float top = all.score()[start];
            for (int j = start + 1; j < end; j++) {
                double v = all.value()[j];
                if (v < all.value()[min]) {
                    min = j;
                }
                if (v > all.value()[max]) {
                    max = j;
                }
                top = Math.max(top, all.score()[j]);
            }
            keep[kept] = Math.min(min, max);
            keptScore[kept++] = top;
            if (min != max) {
                keep[kept] = Math.max(min, max);
                keptScore[kept++] = top;
            }
            start = end;
        }
        long[] time = new long[kept];
        String[] split = new String[kept];
        long[] index = new long[kept];
        double[] value = new double[kept];
        float[] threshold = new float[kept];
        for (int k = 0; k < kept; k++) {
            int j = keep[k];
            time[k] = all.time()[j];
            split[k] = all.split()[j];
            index[k] = all.index()[j];
            value[k] = all.value()[j];
            threshold[k] = all.threshold()[j];
        }
        return new SeriesPoints(time, split, index, value, Arrays.copyOf(keptScore, kept), threshold);
    }
}

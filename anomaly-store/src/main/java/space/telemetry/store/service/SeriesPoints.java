package space.telemetry.store.service;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The points of a series as columns of equal length, in time order. */
@Schema(name = "SeriesPoints", description = "Columnar points, in time order: entry i of each array is point i.")
public record SeriesPoints(
        @Schema(description = "Epoch milliseconds") long[] time,
        @Schema(description = "train or test") String[] split,
        @Schema(description = "Index in its split") long[] index,
        double[] value,
        @Schema(description = "Per-point anomaly score in [0, 1]; downsampled: the bucket's highest") float[] score,
        @Schema(description = "Threshold in score terms") float[] threshold) {

    /** The number of points. */
    public int size() {
        return time.length;
    }
}

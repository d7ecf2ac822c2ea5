package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Contextual novelty by nearest neighbour: how far the shape of the last {@code length} values lies from every shape
 * of that length the channel showed in its last {@code references} points, scored against how far shapes usually lie.
 *
 * <p>At each point the query is the last {@code length} values (this one included); the references are the
 * {@code references} windows of the same length that end at least {@code length} points earlier (so none overlaps the
 * query). The distance is the root mean square difference per point to the nearest reference, in units of the range
 * of the values seen (second smallest to second largest, as {@link RangeNoveltyDetector}): free of the channel's
 * units. A value inside the channel's range but in a sequence the channel has not shown lately (a missing daily
 * peak, a burst of a new rhythm) stands out, which a forecaster that sees a few lags does not. The score is the z-score of the distance against the previous {@code window} distances (the history's
 * included), 0 below their mean; NaN until the history has ended and {@code min-window} distances are in the window.
 * The references slide with the stream, so a new normal is learned within {@code references} points.
 */
public final class NeighbourDetector implements Detector {
    private static final int MIN_REFERENCES = 20;
    private static final double MAX_DISTANCE = 60000; // below the largest half-precision value

    private final int length;
    private final int references;
    private final int minWindow;
    private final double minStd;
    private final RollingWindow values; // the last references + 2 * length - 1 values
    private final RollingMoments distances; // recent distances, half precision
    private final Extremes seen = new Extremes(); // second smallest and largest value seen: the unit of distances
    private boolean historyEnded;

    /**
     * @param length     values per shape (the query and each reference)
     * @param references reference shapes: the windows ending in the {@code references} points before the query's
     *                   own {@code length}
     * @param window     distances the z-score is taken against
     * @param minWindow  distances needed before a test point is scored
     * @param minStd     floor of the distances' standard deviation (distances are in units of the values' range)
     */
    public NeighbourDetector(int length, int references, int window, int minWindow, double minStd) {
        if (length < 2 || references < MIN_REFERENCES || window < 2 || minWindow < 2 || minWindow > window
                || !(minStd > 0)) {
            throw new IllegalArgumentException("neighbour: length >= 2, references >= " + MIN_REFERENCES
                    + ", 2 <= min-window <= window, min-std > 0");
        }
        this.length = length;
        this.references = references;
        this.minWindow = minWindow;
        this.minStd = minStd;
        this.values = new RollingWindow(references + 2 * length - 1);
        this.distances = RollingMoments.halfPrecision(window);
    }

    static NeighbourDetector from(Params params) {
        return new NeighbourDetector(params.integer("length", 16), params.integer("references", 1000),
                params.integer("window", 2000), params.integer("min-window", 100), params.number("min-std", 0.01));
    }

    @Override
    public double score(double value, double[] commands) {
        if (Double.isNaN(value)) {
            return Double.NaN;
        }
        values.add(value);
        seen.add(value);
        int n = values.size();
        int candidates = n - 2 * length + 1; // reference windows that end before the query starts
        if (candidates < MIN_REFERENCES) {
            return Double.NaN;
        }
        double distance = HalfFloat.round(Math.min(MAX_DISTANCE, nearest(n, candidates)));
        double score = Double.NaN;
        if (historyEnded && distances.size() >= minWindow) {
            score = distances.excess(distance, minStd);
        }
        distances.add(distance);
        return score;
    }

    /**
     * Root mean square difference per point between the query (the last {@code length} values) and the nearest
     * reference, in units of the range of every value seen so far.
     */
    private double nearest(int n, int candidates) {
        int queryStart = n - length;
        double best = Double.POSITIVE_INFINITY;
        for (int start = candidates - 1; start >= 0; start--) { // most recent first: the nearest is often recent
            double d = 0;
            for (int k = 0; k < length && d < best; k++) { // stop once no nearer than the best so far
                double diff = values.get(start + k) - values.get(queryStart + k);
                d += diff * diff;
            }
            if (d < best) {
                best = d;
            }
        }
        return Math.sqrt(best / length) / seen.unit();
    }

    @Override
    public void endOfHistory() {
        historyEnded = true;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeBoolean(historyEnded);
        values.write(out);
        distances.write(out);
        seen.write(out);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        historyEnded = in.readBoolean();
        values.read(in);
        distances.read(in);
        seen.read(in);
    }
}

package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Value novelty: how far a value lies from every value level the channel has shown. Values are binned on a fixed
 * grid of width {@code resolution} over [{@code -range}, {@code range}] (values beyond are clamped to the end
 * bins, their excess added to the distance). During the history (train split) every bin a value falls in becomes
 * known; afterwards a bin becomes known once {@code adopt} points have fallen in it, so a new normal level stops
 * alarming after a while. The score is the distance, in value units, from the value to the nearest known bin
 * (0 inside a known bin); NaN until the history has ended.
 *
 * <p>Telemetry channels are often discrete or slowly varying: a level never reached in years of history is a
 * strong sign of an anomaly, which forecasting errors alone can miss when the level is reached smoothly.
 */
public final class NoveltyDetector implements Detector {
    private final double resolution;
    private final double range;
    private final int adopt;
    private final int bins;
    private final int[] counts; // points per bin; a bin is known when its count reaches `adopt` (history: 1)
    private final boolean[] known;
    private boolean historyEnded;
    private boolean any;

    public NoveltyDetector(double resolution, double range, int adopt) {
        if (resolution <= 0 || range <= 0 || adopt < 1) {
            throw new IllegalArgumentException("novelty: resolution, range and adopt must be positive");
        }
        this.resolution = resolution;
        this.range = range;
        this.adopt = adopt;
        this.bins = (int) Math.ceil(2 * range / resolution);
        if (bins > 100_000) {
            throw new IllegalArgumentException("novelty: 2 * range / resolution must be at most 100000 bins");
        }
        this.counts = new int[bins];
        this.known = new boolean[bins];
    }

    static NoveltyDetector from(Params params) {
        return new NoveltyDetector(params.number("resolution", 0.01), params.number("range", 2.0),
                params.integer("adopt", 500));
    }

    private int bin(double value) {
        int b = (int) Math.floor((value + range) / resolution);
        return Math.max(0, Math.min(bins - 1, b));
    }

    @Override
    public double score(double value, double[] commands) {
        if (Double.isNaN(value)) {
            return Double.NaN;
        }
        int b = bin(value);
        double score = Double.NaN;
        if (historyEnded && any) {
            score = 0;
            if (!known[b]) {
                int d = 1;
                while (true) {
                    boolean below = b - d >= 0;
                    boolean above = b + d < bins;
                    if ((below && known[b - d]) || (above && known[b + d]) || (!below && !above)) {
                        break;
                    }
                    d++;
                }
                score = d * resolution;
            }
            double excess = Math.max(0, Math.abs(value) - range);
            score += excess;
        }
        if (!known[b] && ++counts[b] >= (historyEnded ? adopt : 1)) {
            known[b] = true;
            any = true;
        }
        return score;
    }

    @Override
    public void endOfHistory() {
        historyEnded = true;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeBoolean(historyEnded);
        out.writeBoolean(any);
        int used = 0;
        for (int c : counts) {
            if (c > 0) {
                used++;
            }
        }
        out.writeInt(used);
        for (int b = 0; b < bins; b++) {
            if (counts[b] > 0) {
                out.writeInt(b);
                out.writeInt(counts[b]);
                out.writeBoolean(known[b]);
            }
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        historyEnded = in.readBoolean();
        any = in.readBoolean();
        java.util.Arrays.fill(counts, 0);
        java.util.Arrays.fill(known, false);
        int used = in.readInt();
        for (int i = 0; i < used; i++) {
            int b = in.readInt();
            if (b < 0 || b >= bins) {
                throw new IOException("novelty: saved bin " + b + " outside the configured grid");
            }
            counts[b] = in.readInt();
            known[b] = in.readBoolean();
        }
    }
}

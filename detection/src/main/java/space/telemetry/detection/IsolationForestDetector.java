package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Isolation Forest (Liu, Ting and Zhou, 2008) fitted on the channel's history and scoring each new point.
 *
 * <p>Each point is described by three features: its value, its change from the previous value, and its distance
 * from the mean of the previous {@code window} values. During the history (train split) a uniform reservoir sample
 * of these feature vectors is kept; when the history ends the forest is grown from it and frozen. The score is the
 * usual {@code 2^(-E[h(x)] / c(n))}: about 0.5 for ordinary points, towards 1 for points that are isolated in few
 * splits.
 *
 * <p>Deterministic: the reservoir uses a counter-based random sequence and the trees are seeded by the
 * {@code seed} parameter mixed with a hash of the sample. Only the sample is saved; the trees are grown again
 * when a saved state is read, identically.
 */
public final class IsolationForestDetector implements Detector {
    static final int FEATURES = 3;

    private final int trees;
    private final int sampleSize;
    private final int reservoirSize;
    private final int minHistory;
    private final long seed;
    private final RollingWindow recent;

    private final double[] reservoir; // reservoirSize x FEATURES
    private long offered; // feature vectors offered to the reservoir
    private boolean historyEnded;
    private double previous = Double.NaN;
    private double windowSum;

    // the grown forest (not saved: rebuilt from the reservoir)
    private boolean grown;
    private int[] nodeFeature; // -1 for a leaf
    private double[] nodeSplit;
    private int[] nodeLeft;
    private int[] nodeRight;
    private int[] nodeSize;
    private int[] roots;
    private int nodes;
    private double normaliser;
    private final double[] f = new double[FEATURES];

    public IsolationForestDetector(int trees, int sampleSize, int reservoirSize, int window, int minHistory,
            long seed) {
        if (trees < 1 || sampleSize < 2 || reservoirSize < sampleSize || minHistory < 2) {
            throw new IllegalArgumentException(
                    "isolation-forest: need trees >= 1, sample >= 2, reservoir >= sample, min-history >= 2");
        }
        this.trees = trees;
        this.sampleSize = sampleSize;
        this.reservoirSize = reservoirSize;
        this.minHistory = minHistory;
        this.seed = seed;
        this.recent = new RollingWindow(window);
        this.reservoir = new double[reservoirSize * FEATURES];
    }

    static IsolationForestDetector from(Params params) {
        return new IsolationForestDetector(params.integer("trees", 100), params.integer("sample", 256),
                params.integer("reservoir", 512), params.integer("window", 10), params.integer("min-history", 64),
                params.integer("seed", 1));
    }

    @Override
    public double score(double value, double[] commands) {
        double score = Double.NaN;
        if (recent.isFull()) {
            f[0] = value;
            f[1] = value - previous;
            f[2] = value - windowSum / recent.size();
            if (grown) {
                score = score(f);
            } else {
                offer(f);
                if (historyEnded && Math.min(offered, reservoirSize) >= minHistory) {
                    grow();
                }
            }
        }
        double evicted = recent.add(value);
        windowSum += value - (Double.isNaN(evicted) ? 0 : evicted);
        previous = value;
        return score;
    }

    @Override
    public void endOfHistory() {
        historyEnded = true;
        if (!grown && Math.min(offered, reservoirSize) >= minHistory) {
            grow();
        }
    }

    private void offer(double[] features) {
        long i = offered++;
        int slot;
        if (i < reservoirSize) {
            slot = (int) i;
        } else {
            long j = Long.remainderUnsigned(mix(seed ^ 0x5DEECE66DL, i), i + 1);
            if (j >= reservoirSize) {
                return;
            }
            slot = (int) j;
        }
        System.arraycopy(features, 0, reservoir, slot * FEATURES, FEATURES);
    }

    /** Grows the forest from the reservoir, deterministically. */
    private void grow() {
        int n = (int) Math.min(offered, reservoirSize);
        int sample = Math.min(sampleSize, n);
        long treeSeed = seed;
        for (int i = 0; i < n * FEATURES; i++) {
            treeSeed = mix(treeSeed, Double.doubleToLongBits(reservoir[i]));
        }
        int capacity = trees * (2 * sample - 1);
        nodeFeature = new int[capacity];
        nodeSplit = new double[capacity];
        nodeLeft = new int[capacity];
        nodeRight = new int[capacity];
        nodeSize = new int[capacity];
        roots = new int[trees];
        nodes = 0;
        int heightLimit = (int) Math.ceil(Math.log(sample) / Math.log(2));
        int[] order = new int[n];
        long[] rng = {treeSeed};
        for (int t = 0; t < trees; t++) {
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = 0; i < sample; i++) { // partial Fisher-Yates: the first `sample` are the tree's points
                int j = i + (int) Long.remainderUnsigned(next(rng), n - i);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            roots[t] = build(order, 0, sample, 0, heightLimit, rng);
        }
        normaliser = averagePath(sample);
        grown = true;
    }

    private int build(int[] order, int from, int to, int depth, int heightLimit, long[] rng) {
        int node = nodes++;
        int size = to - from;
        nodeSize[node] = size;
        nodeFeature[node] = -1;
        if (size <= 1 || depth >= heightLimit) {
            return node;
        }
        double[] min = new double[FEATURES];
        double[] max = new double[FEATURES];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = from; i < to; i++) {
            int base = order[i] * FEATURES;
            for (int k = 0; k < FEATURES; k++) {
                min[k] = Math.min(min[k], reservoir[base + k]);
                max[k] = Math.max(max[k], reservoir[base + k]);
            }
        }
        int spread = 0;
        for (int k = 0; k < FEATURES; k++) {
            if (max[k] > min[k]) {
                spread++;
            }
        }
        if (spread == 0) {
            return node;
        }
        int pick = (int) Long.remainderUnsigned(next(rng), spread);
        int feature = -1;
        for (int k = 0; k < FEATURES; k++) {
            if (max[k] > min[k] && pick-- == 0) {
                feature = k;
                break;
            }
        }
        double split = min[feature] + (max[feature] - min[feature]) * ((next(rng) >>> 11) * 0x1.0p-53);
        if (split <= min[feature]) {
            split = Math.nextUp(min[feature]);
        }
        int mid = from;
        for (int i = from; i < to; i++) { // partition: values < split to the left
            if (reservoir[order[i] * FEATURES + feature] < split) {
                int swap = order[mid];
                order[mid] = order[i];
                order[i] = swap;
                mid++;
            }
        }
        nodeFeature[node] = feature;
        nodeSplit[node] = split;
        nodeLeft[node] = build(order, from, mid, depth + 1, heightLimit, rng);
        nodeRight[node] = build(order, mid, to, depth + 1, heightLimit, rng);
        return node;
    }

    private double score(double[] features) {
        double total = 0;
        for (int t = 0; t < trees; t++) {
            int node = roots[t];
            int depth = 0;
            while (nodeFeature[node] >= 0) {
                node = features[nodeFeature[node]] < nodeSplit[node] ? nodeLeft[node] : nodeRight[node];
                depth++;
            }
            total += depth + averagePath(nodeSize[node]);
        }
        return Math.pow(2, -(total / trees) / normaliser);
    }

    /** c(n): the average path length of an unsuccessful search in a binary search tree of n points. */
    static double averagePath(int n) {
        if (n <= 1) {
            return 0;
        }
        if (n == 2) {
            return 1;
        }
        return 2 * (Math.log(n - 1) + 0.5772156649015329) - 2.0 * (n - 1) / n;
    }

    private static long next(long[] state) {
        state[0] += 0x9E3779B97F4A7C15L;
        return finish(state[0]);
    }

    static long mix(long a, long b) {
        return finish(a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L);
    }

    private static long finish(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        recent.write(out);
        out.writeDouble(previous);
        out.writeDouble(windowSum);
        out.writeLong(offered);
        out.writeBoolean(historyEnded);
        out.writeBoolean(grown);
        int n = (int) Math.min(offered, reservoirSize);
        for (int i = 0; i < n * FEATURES; i++) {
            out.writeDouble(reservoir[i]);
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        recent.read(in);
        previous = in.readDouble();
        windowSum = in.readDouble();
        offered = in.readLong();
        historyEnded = in.readBoolean();
        boolean wasGrown = in.readBoolean();
        int n = (int) Math.min(offered, reservoirSize);
        for (int i = 0; i < n * FEATURES; i++) {
            reservoir[i] = in.readDouble();
        }
        grown = false;
        if (wasGrown) {
            grow();
        }
    }
}

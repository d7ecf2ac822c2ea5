package space.telemetry.core.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Distance of a point from the median of the previous {@code window} points, in robust standard deviations
 * (1.4826 x median absolute deviation).
 */
public final class RollingMadDetector implements Detector {
    private static final double MAD_TO_STD = 1.4826;

    private final RollingWindow window;
    private final double[] sorted;
    private final double minMad;

    public RollingMadDetector(int window, double minMad) {
        this.window = new RollingWindow(window);
        this.sorted = new double[window];
        this.minMad = minMad;
    }

    static RollingMadDetector from(Params params) {
        return new RollingMadDetector(params.integer("window", 250), params.number("min-mad", 0.01));
    }

    @Override
    public double score(double value, double[] commands) {
        double score = Double.NaN;
        int n = window.size();
        if (window.isFull()) {
            double median = median(n);
            double mad = medianAbsoluteDeviation(median, n);
            score = Math.abs(value - median) / Math.max(MAD_TO_STD * mad, minMad);
        }
        double evicted = window.add(value);
        if (!Double.isNaN(evicted)) {
            remove(evicted, n);
            n--;
        }
        insert(value, n);
        return score;
    }

    private double median(int n) {
        return (n & 1) == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    /** The median of |x - median| in O(n) by walking outwards from the middle of the sorted window. */
    private double medianAbsoluteDeviation(double median, int n) {
        int left = n / 2 - 1;
        int right = n / 2;
        int wanted = n / 2 + 1; // enough deviations to read the median of all n
        double previous = 0;
        double current = 0;
        for (int k = 0; k < wanted; k++) {
            previous = current;
            double leftGap = left >= 0 ? median - sorted[left] : Double.POSITIVE_INFINITY;
            double rightGap = right < n ? sorted[right] - median : Double.POSITIVE_INFINITY;
            if (leftGap <= rightGap) {
                current = leftGap;
                left--;
            } else {
                current = rightGap;
                right++;
            }
        }
        return (n & 1) == 1 ? current : 0.5 * (previous + current);
    }

    private void insert(double value, int n) {
        int at = Arrays.binarySearch(sorted, 0, n, value);
        if (at < 0) {
            at = -at - 1;
        }
        System.arraycopy(sorted, at, sorted, at + 1, n - at);
        sorted[at] = value;
    }

    private void remove(double value, int n) {
        int at = Arrays.binarySearch(sorted, 0, n, value);
        if (at < 0) {
            throw new IllegalStateException("window and sorted copy disagree on " + value);
        }
        System.arraycopy(sorted, at + 1, sorted, at, n - at - 1);
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        window.write(out);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        window.read(in);
        int n = window.size();
        for (int i = 0; i < n; i++) {
            sorted[i] = window.get(i);
        }
        Arrays.sort(sorted, 0, n);
    }
}

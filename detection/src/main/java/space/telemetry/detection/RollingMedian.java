package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/** The most recent values with a sorted copy: their median and median absolute deviation. */
final class RollingMedian {
    /** Multiplies a median absolute deviation into the standard deviation it estimates for normal data. */
    static final double MAD_TO_STD = 1.4826;

    private final RollingWindow window;
    private final double[] sorted;

    RollingMedian(int capacity) {
        this.window = new RollingWindow(capacity);
        this.sorted = new double[capacity];
    }

    int size() {
        return window.size();
    }

    boolean isFull() {
        return window.isFull();
    }

    /** Adds a finite value, pushing out the oldest when full. */
    void add(double value) {
        int n = window.size();
        double evicted = window.add(value);
        if (!Double.isNaN(evicted)) {
            remove(evicted, n);
            n--;
        }
        insert(value, n);
    }

    /** The median of the values held (at least one). */
    double median() {
        int n = window.size();
        return (n & 1) == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    /** The median of |x - median| in O(n) by walking outwards from the middle of the sorted values. */
    double medianAbsoluteDeviation(double median) {
        int n = window.size();
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

    void write(DataOutput out) throws IOException {
        window.write(out);
    }

    /** Restores the window; the sorted copy is rebuilt from it (sorting is deterministic). */
    void read(DataInput in) throws IOException {
        window.read(in);
        int n = window.size();
        for (int i = 0; i < n; i++) {
            sorted[i] = window.get(i);
        }
        Arrays.sort(sorted, 0, n);
    }
}

package space.telemetry.evaluation.nab;

import java.util.List;
import space.telemetry.data.nab.RowWindow;

/**
 * What a detection at each row of a series would be worth under a profile (NAB's sweep): inside a window the
 * profile's TP weight scaled by {@link ScaledSigmoid} of the row's position, {@code -(last - row + 1) / width}
 * (1 x TP weight at the window's first row); outside, the FP weight times the sigmoid of the distance past the
 * preceding window's end in widths minus one (a negative weight, -FP weight before the first window).
 */
public record RowWeights(double[] weight, int[] window) {

    /** The weights of a series of {@code length} rows with the given windows (in time order, disjoint). */
    public static RowWeights of(int length, List<RowWindow> windows, NabProfile profile) {
        double maxTp = ScaledSigmoid.of(-1.0);
        double[] weight = new double[length];
        int[] window = new int[length];
        int next = 0;
        RowWindow previous = null;
        for (int row = 0; row < length; row++) {
            while (next < windows.size() && windows.get(next).last() < row) {
                previous = windows.get(next++);
            }
            if (next < windows.size() && windows.get(next).contains(row)) {
                RowWindow current = windows.get(next);
                double position = -(current.last() - row + 1) / (double) current.width();
                weight[row] = ScaledSigmoid.of(position) * profile.tpWeight() / maxTp;
                window[row] = next;
            } else {
                double unweighted = previous == null ? -1.0
                        : ScaledSigmoid.of((row - previous.last()) / (double) Math.max(1, previous.width() - 1));
                weight[row] = unweighted * profile.fpWeight();
                window[row] = -1;
            }
        }
        return new RowWeights(weight, window);
    }
}

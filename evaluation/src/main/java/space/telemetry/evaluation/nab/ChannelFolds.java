package space.telemetry.evaluation.nab;

import java.util.ArrayList;
import java.util.List;

/** Deterministic channel folds: channel ids sorted, then dealt round-robin (A-1 to fold 1, A-2 to fold 2, ...). */
public final class ChannelFolds {
    private ChannelFolds() {
    }

    /**
     * The {@code k} folds of the channels; every channel is in exactly one fold.
     *
     * @throws IllegalArgumentException when k is below 2 or above the number of channels
     */
    public static List<List<String>> of(List<String> channels, int k) {
        if (k < 2 || k > channels.size()) {
            throw new IllegalArgumentException("--folds needs 2 <= k <= " + channels.size() + " (labelled channels),"
                    + " got " + k);
        }
        List<String> sorted = channels.stream().distinct().sorted().toList();
        List<List<String>> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            folds.add(new ArrayList<>());
        }
        for (int i = 0; i < sorted.size(); i++) {
            folds.get(i % k).add(sorted.get(i));
        }
        return folds.stream().map(List::copyOf).toList();
    }
}

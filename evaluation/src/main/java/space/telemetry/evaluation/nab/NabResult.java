package space.telemetry.evaluation.nab;

import java.util.List;

/**
 * A detector's NAB score under one profile: the chosen corpus-wide threshold, the raw total and its normalisation
 * {@code 100 * (raw - null) / (perfect - null)}, where the null detector misses every window and the perfect one
 * detects each at its first row; {@code series} breaks the raw total down per series at that threshold.
 */
public record NabResult(NabProfile profile, ThresholdSearch search, double threshold, double raw, int windows,
        List<SeriesResult> series) {

    /** The null detector's total: every window missed. */
    public double nullScore() {
        return -profile.fnWeight() * windows;
    }

    /** The perfect detector's total: every window detected at its first row. */
    public double perfectScore() {
        return profile.tpWeight() * windows;
    }

    /** The normalised score: 0 for the null detector, 100 for the perfect one. */
    public double normalized() {
        return normalize(raw, windows, profile);
    }

    /** The normalisation of a raw total over {@code windows} windows; NaN without windows. */
    public static double normalize(double raw, int windows, NabProfile profile) {
        double none = -profile.fnWeight() * windows;
        double perfect = profile.tpWeight() * windows;
        return windows == 0 ? Double.NaN : 100.0 * (raw - none) / (perfect - none);
    }

    /**
     * One series at the chosen threshold: its scorable windows, those detected, the detections outside windows
     * (false positives) and its raw total.
     */
    public record SeriesResult(String key, int windows, int detected, int falsePositives, double raw) {
        /** The category of the series (the directory of its key). */
        public String category() {
            int slash = key.indexOf('/');
            return slash < 0 ? "" : key.substring(0, slash);
        }
    }
}

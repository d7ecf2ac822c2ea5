package space.telemetry.evaluation.nab;

/** How the corpus-wide threshold on anomaly_score is chosen. */
public enum ThresholdSearch {
    /** Every distinct score is tried: the threshold with the highest total score (the highest one on ties). */
    EXACT,
    /**
     * NAB's published search: a hill climb from 0.5 in steps of 0.1 that doubles a step after a gain and halves
     * it after a loss, until the step is below 1e-7. It can stop short of the best threshold; the published
     * scoreboard was computed with it.
     */
    NAB_HILL_CLIMB
}

package space.telemetry.data;

/**
 * The history/test split of a series that comes as one file (NAB, CSV): the first 15% of its rows, at most 750, are
 * the history (train) split, as NAB's probationary period; the rest is the test split.
 */
public final class HistorySplit {
    /** The fraction of the rows that is history. */
    public static final double FRACTION = 0.15;
    /** The most history rows (NAB: 15% of 5000). */
    public static final int CAP = 750;

    private HistorySplit() {
    }

    /** History rows of a series of {@code length} rows: {@code min(floor(0.15 x length), 750)}. */
    public static int rows(int length) {
        return (int) Math.min(Math.floor(FRACTION * length), CAP);
    }
}

package space.telemetry.data;

import java.time.Duration;
import java.time.Instant;

/** One channel of any {@link Dataset}: its names, its train/test split and how to stream it. */
public interface DatasetChannel {
    /** The channel id: a valid contract name ({@code space.telemetry.contract.Limits#NAME}). */
    String id();

    /** The source or system name the points carry in their {@code spacecraft} field, e.g. SMAP, NAB. */
    String source();

    /** Rows of the history (train) split. */
    long trainRows();

    /** Rows of the test split. */
    long testRows();

    /** Columns of a row: the value then the command features (1 when there are none). */
    int columns();

    /** Command features per point. */
    default int commands() {
        return columns() - 1;
    }

    /** Rows of the whole stream: train then test. */
    default long totalRows() {
        return trainRows() + testRows();
    }

    /** True when event times come from the file's own timestamps (then {@link #open}'s start and period are unused). */
    boolean timestamped();

    /**
     * The channel's points, train then test. Without timestamps of its own, the point at stream position p has event
     * time {@code start + p x period}.
     */
    PointStream open(Instant start, Duration period);
}

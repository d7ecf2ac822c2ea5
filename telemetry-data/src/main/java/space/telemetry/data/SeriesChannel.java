package space.telemetry.data;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryPoint;

/**
 * A timestamped series read whole from one file (NAB, CSV): no command features, event times from the file, the
 * first {@code history} rows the train split and the rest the test split.
 */
public final class SeriesChannel implements DatasetChannel {
    private static final double[] NO_COMMANDS = new double[0];

    private final String source;
    private final String id;
    private final Path file;
    private final List<Instant> times;
    private final double[] values;
    private final int history;

    /** A series; {@code history} rows of train split, see {@link HistorySplit}. */
    public SeriesChannel(String source, String id, Path file, List<Instant> times, double[] values, int history) {
        if (times.size() != values.length || history < 0 || history > values.length) {
            throw new IllegalArgumentException(id + ": " + times.size() + " times, " + values.length
                    + " values, history " + history);
        }
        this.source = source;
        this.id = id;
        this.file = file;
        this.times = List.copyOf(times);
        this.values = values.clone();
        this.history = history;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String source() {
        return source;
    }

    /** The file the series was read from. */
    public Path file() {
        return file;
    }

    @Override
    public long trainRows() {
        return history;
    }

    @Override
    public long testRows() {
        return values.length - history;
    }

    @Override
    public int columns() {
        return 1;
    }

    @Override
    public boolean timestamped() {
        return true;
    }

    /** The event time of a row. */
    public Instant time(int row) {
        return times.get(row);
    }

    /** The value of a row. */
    public double value(int row) {
        return values[row];
    }

    @Override
    public PointStream open(Instant start, Duration period) {
        return new PointStream() {
            private int row;

            @Override
            public boolean hasNext() {
                return row < values.length;
            }

            @Override
            public TelemetryPoint next() {
                if (!hasNext()) {
                    throw new NoSuchElementException(id + " has no more points");
                }
                boolean train = row < history;
                TelemetryPoint point = new TelemetryPoint(source, id, train ? Split.TRAIN : Split.TEST,
                        train ? row : row - history, times.get(row), values[row], NO_COMMANDS);
                row++;
                return point;
            }

            @Override
            public void close() {
                // read whole: nothing to release
            }
        };
    }
}

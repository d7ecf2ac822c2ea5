package space.telemetry.data.nab;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import space.telemetry.data.HistorySplit;

/** One NAB series: its key {@code <category>/<name>.csv}, its rows (timestamp, value) and its labelled windows. */
public final class NabSeries {
    /** NAB's probationary fraction: the first 15% of a series (at most 750 rows) is not scored. */
    public static final double PROBATION_FRACTION = HistorySplit.FRACTION;
    /** NAB caps the probationary period at 15% of 5000 rows. */
    public static final int PROBATION_CAP = HistorySplit.CAP;

    private final String key;
    private final List<LocalDateTime> timestamps;
    private final double[] values;
    private final List<NabWindow> windows;
    private final List<RowWindow> rowWindows;

    /**
     * A series; the windows are sorted by start.
     *
     * @throws IllegalArgumentException when a window boundary is not one of the series' timestamps, or windows
     *                                  overlap
     */
    public NabSeries(String key, List<LocalDateTime> timestamps, double[] values, List<NabWindow> windows) {
        this.key = key;
        this.timestamps = List.copyOf(timestamps);
        this.values = values.clone();
        this.windows = windows.stream().sorted((a, b) -> a.start().compareTo(b.start())).toList();
        if (values.length != timestamps.size()) {
            throw new IllegalArgumentException(key + ": " + timestamps.size() + " timestamps but " + values.length
                    + " values");
        }
        this.rowWindows = rowWindows(key, this.timestamps, this.windows);
    }

    /** The key: {@code <category>/<name>.csv}. */
    public String key() {
        return key;
    }

    /** The timestamps, row by row (NAB's files may repeat one). */
    public List<LocalDateTime> timestamps() {
        return timestamps;
    }

    /** The values, row by row (a copy). */
    public double[] values() {
        return values.clone();
    }

    /** The value at a row. */
    public double value(int row) {
        return values[row];
    }

    /** The labelled windows, by start. */
    public List<NabWindow> windows() {
        return windows;
    }

    /** The category (the directory under data/). */
    public String category() {
        int slash = key.indexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }

    /** The file name without directory and extension. */
    public String name() {
        String file = key.substring(key.indexOf('/') + 1);
        return file.endsWith(".csv") ? file.substring(0, file.length() - 4) : file;
    }

    /** Rows in the series. */
    public int length() {
        return values.length;
    }

    /** Rows of the probationary period: {@code min(floor(0.15 * length), 750)}. */
    public int probation() {
        return probation(length());
    }

    /** The probationary period of a series of {@code length} rows. */
    public static int probation(int length) {
        return HistorySplit.rows(length);
    }

    /**
     * The windows as row ranges, in time order: a boundary is the first row with its timestamp (as NAB does where
     * a file repeats a timestamp).
     */
    public List<RowWindow> rowWindows() {
        return rowWindows;
    }

    private static List<RowWindow> rowWindows(String key, List<LocalDateTime> timestamps, List<NabWindow> windows) {
        if (windows.isEmpty()) {
            return List.of();
        }
        Map<LocalDateTime, Integer> rows = new HashMap<>(timestamps.size() * 2);
        for (int i = 0; i < timestamps.size(); i++) {
            rows.putIfAbsent(timestamps.get(i), i);
        }
        List<RowWindow> result = new ArrayList<>(windows.size());
        for (NabWindow w : windows) {
            Integer first = rows.get(w.start());
            Integer last = rows.get(w.end());
            if (first == null || last == null) {
                throw new IllegalArgumentException(key + ": window " + w.start() + " .. " + w.end()
                        + " does not start and end on timestamps of the series");
            }
            if (!result.isEmpty() && first <= result.get(result.size() - 1).last()) {
                throw new IllegalArgumentException(key + ": window " + w.start() + " overlaps the one before");
            }
            result.add(new RowWindow(first, last));
        }
        return List.copyOf(result);
    }
}

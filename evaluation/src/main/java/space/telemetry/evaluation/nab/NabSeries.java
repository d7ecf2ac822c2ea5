package space.telemetry.evaluation.nab;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One NAB series: its key {@code <category>/<name>.csv}, its rows (timestamp, value) and its labelled windows.
 *
 * @throws IllegalArgumentException when a window boundary is not one of the series' timestamps
 */
public record NabSeries(String key, List<LocalDateTime> timestamps, double[] values, List<NabWindow> windows) {
    /** NAB's probationary fraction: the first 15% of a series (at most 750 rows) is not scored. */
    public static final double PROBATION_FRACTION = 0.15;
    /** NAB caps the probationary period at 15% of 5000 rows. */
    public static final int PROBATION_CAP = 750;

    public NabSeries {
        timestamps = List.copyOf(timestamps);
        windows = windows.stream().sorted((a, b) -> a.start().compareTo(b.start())).toList();
        if (values.length != timestamps.size()) {
            throw new IllegalArgumentException(key + ": " + timestamps.size() + " timestamps but " + values.length
                    + " values");
        }
        rowWindows(key, timestamps, windows); // every boundary must be a row
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
        return (int) Math.min(Math.floor(PROBATION_FRACTION * length), PROBATION_CAP);
    }

    /** The windows as row ranges, in time order. */
    public List<RowWindow> rowWindows() {
        return rowWindows(key, timestamps, windows);
    }

    private static List<RowWindow> rowWindows(String key, List<LocalDateTime> timestamps, List<NabWindow> windows) {
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
        return result;
    }
}

package space.telemetry.data.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import space.telemetry.contract.Limits;
import space.telemetry.data.DataFileException;
import space.telemetry.data.HistorySplit;
import space.telemetry.data.SeriesChannel;

/**
 * Reads one channel of a CSV dataset: a header whose first two columns are {@code timestamp} and {@code value}
 * (further columns are ignored), then one row per point, in time order (equal timestamps allowed), no quoted fields.
 * A malformed file throws a {@link DataFileException} naming the file, the line and the problem.
 */
public final class CsvSeries {
    private CsvSeries() {
    }

    /** The series in {@code file} as channel {@code id} of {@code source}, split by {@link HistorySplit}. */
    public static SeriesChannel read(Path file, String source, String id) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file, in, source, id);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "no such file");
        } catch (CharacterCodingException e) {
            throw new DataFileException(file, "not UTF-8 text");
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static SeriesChannel read(Path file, BufferedReader in, String source, String id) throws IOException {
        String header = in.readLine();
        if (header == null) {
            throw new DataFileException(file, "empty file: expected a header timestamp,value");
        }
        List<String> names = Arrays.stream(header.replace("\uFEFF", "").split(",", -1))
                .map(n -> n.strip().toLowerCase(Locale.ROOT)).toList();
        if (names.size() < 2 || !names.get(0).equals("timestamp") || !names.get(1).equals("value")) {
            throw new DataFileException(file, "line 1: header must start with timestamp,value, got '"
                    + excerpt(header) + "'");
        }
        List<Instant> times = new ArrayList<>();
        double[] values = new double[1024];
        int lineNo = 1;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length != names.size()) {
                throw new DataFileException(file, "line " + lineNo + ": " + fields.length + " fields, the header has "
                        + names.size());
            }
            Instant time = timestamp(file, lineNo, fields[0]);
            if (!times.isEmpty() && time.isBefore(times.get(times.size() - 1))) {
                throw new DataFileException(file, "line " + lineNo + ": timestamp " + time
                        + " is earlier than the row before (" + times.get(times.size() - 1)
                        + "): rows must be in time order");
            }
            if (times.size() == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[times.size()] = value(file, lineNo, fields[1]);
            times.add(time);
        }
        if (times.isEmpty()) {
            throw new DataFileException(file, "no rows after the header");
        }
        return new SeriesChannel(source, id, file, times, Arrays.copyOf(values, times.size()),
                HistorySplit.rows(times.size()));
    }

    private static Instant timestamp(Path file, int lineNo, String field) {
        Instant time;
        try {
            time = CsvTimestamps.parse(field);
        } catch (IllegalArgumentException e) {
            throw new DataFileException(file, "line " + lineNo + ": timestamp " + e.getMessage());
        }
        if (time.isBefore(Limits.MIN_TIME) || time.isAfter(Limits.MAX_TIME)) {
            throw new DataFileException(file, "line " + lineNo + ": timestamp " + time + " is outside "
                    + Limits.MIN_TIME + " .. " + Limits.MAX_TIME);
        }
        return time;
    }

    private static double value(Path file, int lineNo, String field) {
        String text = field.strip();
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new DataFileException(file, "line " + lineNo + ": value '" + excerpt(text) + "' is not a number");
        }
        if (!Double.isFinite(value) || !Character.isDigit(text.charAt(text.length() - 1))) {
            // Java also reads "1d", "1f" and "0x1p3": only plain decimal numbers are accepted
            throw new DataFileException(file, "line " + lineNo + ": value '" + excerpt(text)
                    + (Double.isFinite(value) ? "' is not a plain decimal number" : "' is not finite"));
        }
        if (Math.abs(value) > Limits.MAX_ABS_VALUE) {
            throw new DataFileException(file, "line " + lineNo + ": value " + text + " is beyond the platform's bound "
                    + "of +-" + Limits.MAX_ABS_VALUE);
        }
        return value;
    }

    private static String excerpt(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}

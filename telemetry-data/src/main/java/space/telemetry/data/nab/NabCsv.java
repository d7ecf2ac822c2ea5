package space.telemetry.data.nab;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import space.telemetry.data.DataFileException;

/**
 * Reads a NAB-style CSV: a header naming a {@code timestamp} column and a numeric column, then one row per point.
 * Rows are kept in file order: NAB's own files repeat timestamps (clock changes) and one steps back in time. A
 * malformed file throws a {@link DataFileException} naming the file, the line and the problem.
 */
public final class NabCsv {
    private NabCsv() {
    }

    /** The timestamps and the values of {@code column}. */
    public static Columns read(Path file, String column) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file, in, column);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "no such file");
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static Columns read(Path file, BufferedReader in, String column) throws IOException {
        String header = in.readLine();
        if (header == null || header.isBlank()) {
            throw new DataFileException(file, "line 1: empty, expected a header naming timestamp and " + column);
        }
        List<String> names = Arrays.stream(header.replace("\uFEFF", "").split(",", -1)).map(String::strip).toList();
        int timeColumn = names.indexOf("timestamp");
        int valueColumn = names.indexOf(column);
        if (timeColumn < 0 || valueColumn < 0) {
            throw new DataFileException(file, "line 1: header " + names + " lacks a '"
                    + (timeColumn < 0 ? "timestamp" : column) + "' column");
        }
        List<LocalDateTime> times = new ArrayList<>();
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
            LocalDateTime time = timestamp(file, lineNo, fields[timeColumn]);
            if (times.size() == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[times.size()] = number(file, lineNo, column, fields[valueColumn]);
            times.add(time);
        }
        if (times.isEmpty()) {
            throw new DataFileException(file, "no rows after the header");
        }
        return new Columns(times, Arrays.copyOf(values, times.size()));
    }

    private static LocalDateTime timestamp(Path file, int lineNo, String field) {
        try {
            return NabTimestamps.parse(field);
        } catch (DateTimeParseException e) {
            throw new DataFileException(file, "line " + lineNo + ": '" + field.strip()
                    + "' is not a timestamp (yyyy-MM-dd HH:mm:ss)");
        }
    }

    private static double number(Path file, int lineNo, String column, String field) {
        String text = field.strip();
        try {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value) && !text.isEmpty() && Character.isDigit(text.charAt(text.length() - 1))) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DataFileException(file, "line " + lineNo + ": " + column + " '" + text + "' is not a finite number");
    }

    /** A file's timestamps and the values of one column, row by row. */
    public record Columns(List<LocalDateTime> timestamps, double[] values) {
    }
}

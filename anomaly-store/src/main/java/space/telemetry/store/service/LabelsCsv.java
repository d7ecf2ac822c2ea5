package space.telemetry.store.service;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import space.telemetry.contract.Limits;

/**
 * The Telemanom labels format ({@code chan_id,spacecraft,anomaly_sequences,class,num_values}, as NASA's
 * labeled_anomalies.csv and {@code ./evaluate --labels} read it): a strict, bounded parser for imports and the writer
 * of exports. Sequences are inclusive [start, end] indices of the test split.
 */
public final class LabelsCsv {
    /** The header line (spaces around names are accepted). */
    public static final String HEADER = "chan_id,spacecraft,anomaly_sequences,class,num_values";
    /** Longest label class name. */
    public static final int MAX_CLASS_LENGTH = 64;
    private static final Pattern SEQUENCE = Pattern.compile("\\s*\\[\\s*(\\d{1,15})\\s*,\\s*(\\d{1,15})\\s*]\\s*");
    private static final Pattern CLASS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0," + (MAX_CLASS_LENGTH - 1) + "}");
    private static final int MAX_QUOTED = 40;

    private LabelsCsv() {
    }

    /** One labelled sequence of a row. */
    public record Sequence(long start, long end, String labelClass) {
    }

    /** One row: a channel's labelled sequences (file line {@code line}). */
    public record Row(int line, String channel, String spacecraft, List<Sequence> sequences, long numValues) {
    }

    /** A labels file that does not follow the format: the message names the line and the problem. */
    public static class FormatException extends RuntimeException {
        public FormatException(int line, String problem) {
            super("line " + line + ": " + problem);
        }
    }

    /** Parses a whole file; fails at the first malformed line, naming it. */
    public static List<Row> parse(String text) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] lines = body.split("\r?\n", -1);
        if (!lines[0].strip().replace(" ", "").equals(HEADER)) {
            throw new FormatException(1, "expected the header " + HEADER + ", found '" + quote(lines[0]) + "'");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                rows.add(row(lines[i], i + 1));
            }
        }
        return rows;
    }

    /** Writes rows in the format (the class of each sequence as given). */
    public static String write(List<Row> rows) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (Row row : rows) {
            StringBuilder sequences = new StringBuilder("[");
            StringBuilder classes = new StringBuilder("[");
            for (Sequence sequence : row.sequences()) {
                if (sequences.length() > 1) {
                    sequences.append(", ");
                    classes.append(", ");
                }
                sequences.append('[').append(sequence.start()).append(", ").append(sequence.end()).append(']');
                classes.append(sequence.labelClass());
            }
            out.append(row.channel()).append(',').append(row.spacecraft()).append(",\"").append(sequences)
                    .append("]\",\"").append(classes).append("]\",").append(row.numValues()).append('\n');
        }
        return out.toString();
    }

    private static Row row(String line, int number) {
        List<String> fields = fields(line, number);
        if (fields.size() != 5) {
            throw new FormatException(number, "expected 5 fields (" + HEADER + "), found " + fields.size());
        }
        String channel = name(fields.get(0).strip(), "chan_id", number);
        String spacecraft = name(fields.get(1).strip(), "spacecraft", number);
        List<long[]> indices = sequences(fields.get(2).strip(), number);
        List<String> classes = classes(fields.get(3).strip(), number);
        if (classes.size() != indices.size()) {
            throw new FormatException(number, indices.size() + " anomaly sequences but " + classes.size() + " classes");
        }
        long numValues;
        try {
            numValues = Long.parseLong(fields.get(4).strip());
        } catch (NumberFormatException e) {
            throw new FormatException(number, "num_values is not an integer: '" + quote(fields.get(4)) + "'");
        }
        if (numValues < 0 || numValues > Limits.MAX_INDEX) {
            throw new FormatException(number, "num_values must be between 0 and " + Limits.MAX_INDEX);
        }
        List<Sequence> sequences = new ArrayList<>(indices.size());
        for (int i = 0; i < indices.size(); i++) {
            sequences.add(new Sequence(indices.get(i)[0], indices.get(i)[1], classes.get(i)));
        }
        return new Row(number, channel, spacecraft, sequences, numValues);
    }

    private static String name(String value, String field, int line) {
        if (!Limits.NAME.matcher(value).matches()) {
            throw new FormatException(line, field + " must be 1-" + Limits.MAX_NAME_LENGTH
                    + " letters, digits or . _ : / - (starting with a letter or digit): '" + quote(value) + "'");
        }
        return value;
    }

    /** {@code [[start, end], ...]}: inclusive, 0 <= start <= end <= Limits.MAX_INDEX. */
    private static List<long[]> sequences(String text, int line) {
        String problem = "anomaly_sequences is not a list of [start, end] pairs: '" + quote(text) + "'";
        if (!text.startsWith("[") || !text.endsWith("]")) {
            throw new FormatException(line, problem);
        }
        String inner = text.substring(1, text.length() - 1);
        List<long[]> sequences = new ArrayList<>();
        if (inner.isBlank()) {
            return sequences;
        }
        Matcher matcher = SEQUENCE.matcher(inner);
        int position = 0;
        while (true) {
            if (!matcher.region(position, inner.length()).lookingAt()) {
                throw new FormatException(line, problem);
            }
            long start = Long.parseLong(matcher.group(1));
            long end = Long.parseLong(matcher.group(2));
            if (end < start || end > Limits.MAX_INDEX) {
                throw new FormatException(line, "anomaly sequence [" + start + ", " + end
                        + "] needs 0 <= start <= end <= " + Limits.MAX_INDEX);
            }
            sequences.add(new long[] {start, end});
            position = matcher.end();
            if (position == inner.length()) {
                return sequences;
            }
            if (inner.charAt(position) != ',') {
                throw new FormatException(line, problem);
            }
            position++;
        }
    }

    /** {@code [point, contextual, ...]}, names optionally quoted. */
    private static List<String> classes(String text, int line) {
        if (!text.startsWith("[") || !text.endsWith("]")) {
            throw new FormatException(line, "class is not a bracketed list: '" + quote(text) + "'");
        }
        String inner = text.substring(1, text.length() - 1).strip();
        List<String> classes = new ArrayList<>();
        if (inner.isEmpty()) {
            return classes;
        }
        for (String item : inner.split(",", -1)) {
            String name = item.strip().replace("'", "").replace("\"", "");
            if (!CLASS.matcher(name).matches()) {
                throw new FormatException(line, "class names must be 1-" + MAX_CLASS_LENGTH
                        + " letters, digits, spaces or . _ -: '" + quote(name) + "'");
            }
            classes.add(name);
        }
        return classes;
    }

    /** Splits one CSV line: double-quoted fields may hold commas, and "" is an escaped quote. */
    private static List<String> fields(String line, int number) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new FormatException(number, "unterminated quoted field");
        }
        fields.add(field.toString());
        return fields;
    }

    /** Input echoed in a message: at most 40 characters, control characters replaced. */
    private static String quote(String text) {
        String clean = text.strip().replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= MAX_QUOTED ? clean : clean.substring(0, MAX_QUOTED) + "...";
    }
}

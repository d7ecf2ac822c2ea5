package space.telemetry.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The rows of a Telemanom {@code labeled_anomalies.csv}, in file order. */
public final class Labels {
    /** The file name inside a Telemanom data directory. */
    public static final String FILE_NAME = "labeled_anomalies.csv";
    static final String HEADER = "chan_id,spacecraft,anomaly_sequences,class,num_values";

    private final List<LabelRow> rows;

    private Labels(List<LabelRow> rows) {
        this.rows = List.copyOf(rows);
    }

    public static Labels of(List<LabelRow> rows) {
        return new Labels(rows);
    }

    /** All rows in file order (a channel with two rows, like P-2, appears twice). */
    public List<LabelRow> rows() {
        return rows;
    }

    /** The rows of one channel. */
    public List<LabelRow> forChannel(String chanId) {
        return rows.stream().filter(r -> r.chanId().equals(chanId)).collect(Collectors.toList());
    }

    /** The spacecraft the labels give a channel, if listed. */
    public Optional<String> spacecraftOf(String chanId) {
        return rows.stream().filter(r -> r.chanId().equals(chanId)).map(LabelRow::spacecraft).findFirst();
    }

    /** Parses a labels file; any malformed row is an error naming the file and the line. */
    public static Labels read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "file not found");
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read: " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !normalizeHeader(lines.get(0)).equals(HEADER)) {
            throw new DataFileException(file, "line 1: expected the header '" + HEADER + "', found '"
                    + (lines.isEmpty() ? "" : lines.get(0).strip()) + "'");
        }
        List<LabelRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                rows.add(parseRow(line, i + 1));
            } catch (IllegalArgumentException e) {
                throw new DataFileException(file, "line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new Labels(rows);
    }

    /** Writes the rows in the Telemanom format. */
    public void write(Path file) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            for (LabelRow row : rows) {
                String sequences = row.sequences().stream().map(s -> "[" + s.start() + ", " + s.end() + "]")
                        .collect(Collectors.joining(", ", "[", "]"));
                String classes = String.join(", ", row.classes());
                out.write(row.chanId() + "," + row.spacecraft() + ",\"" + sequences + "\",\"[" + classes + "]\","
                        + row.numValues() + "\n");
            }
        } catch (IOException e) {
            throw new DataFileException(file, "cannot write: " + e.getMessage(), e);
        }
    }

    private static String normalizeHeader(String line) {
        String stripped = line.strip();
        if (stripped.startsWith("\uFEFF")) {
            stripped = stripped.substring(1);
        }
        return stripped.replace(" ", "");
    }

    static LabelRow parseRow(String line, int lineNumber) {
        List<String> fields = splitCsv(line);
        if (fields.size() != 5) {
            throw new IllegalArgumentException("expected 5 fields (" + HEADER + "), found " + fields.size());
        }
        String chanId = fields.get(0).strip();
        String spacecraft = fields.get(1).strip();
        if (chanId.isEmpty()) {
            throw new IllegalArgumentException("chan_id is empty");
        }
        if (spacecraft.isEmpty()) {
            throw new IllegalArgumentException("spacecraft is empty");
        }
        List<AnomalySequence> sequences = parseSequences(fields.get(2).strip());
        List<String> classes = parseClasses(fields.get(3).strip());
        if (classes.size() != sequences.size()) {
            throw new IllegalArgumentException(sequences.size() + " anomaly sequences but " + classes.size()
                    + " classes");
        }
        long numValues;
        try {
            numValues = Long.parseLong(fields.get(4).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("num_values is not an integer: '" + fields.get(4).strip() + "'");
        }
        if (numValues < 0) {
            throw new IllegalArgumentException("num_values must be >= 0, got " + numValues);
        }
        return new LabelRow(chanId, spacecraft, sequences, classes, numValues, lineNumber);
    }

    private static List<AnomalySequence> parseSequences(String text) {
        Object literal;
        try {
            literal = PythonLiteral.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("anomaly_sequences is not a list of [start, end] pairs: '" + text + "'");
        }
        if (!(literal instanceof List)) {
            throw new IllegalArgumentException("anomaly_sequences is not a list of [start, end] pairs: '" + text + "'");
        }
        List<AnomalySequence> sequences = new ArrayList<>();
        for (Object item : (List<?>) literal) {
            if (!(item instanceof List) || ((List<?>) item).size() != 2
                    || !(((List<?>) item).get(0) instanceof Long) || !(((List<?>) item).get(1) instanceof Long)) {
                throw new IllegalArgumentException("anomaly_sequences is not a list of [start, end] pairs: '" + text
                        + "'");
            }
            long start = (Long) ((List<?>) item).get(0);
            long end = (Long) ((List<?>) item).get(1);
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("anomaly sequence [" + start + ", " + end
                        + "] needs 0 <= start <= end");
            }
            sequences.add(new AnomalySequence(start, end));
        }
        return sequences;
    }

    private static List<String> parseClasses(String text) {
        if (!text.startsWith("[") || !text.endsWith("]")) {
            throw new IllegalArgumentException("class is not a bracketed list: '" + text + "'");
        }
        String inner = text.substring(1, text.length() - 1).strip();
        List<String> classes = new ArrayList<>();
        if (inner.isEmpty()) {
            return classes;
        }
        for (String item : inner.split(",")) {
            String name = item.strip().replace("'", "").replace("\"", "");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("class list has an empty entry: '" + text + "'");
            }
            classes.add(name);
        }
        return classes;
    }

    /** Splits one CSV line: double-quoted fields may hold commas, and "" is an escaped quote. */
    static List<String> splitCsv(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
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
            throw new IllegalArgumentException("unterminated quoted field");
        }
        fields.add(field.toString());
        return fields;
    }
}

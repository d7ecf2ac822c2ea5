package space.telemetry.data.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import space.telemetry.data.DataFileException;

/**
 * The NAB layout: {@code data/<category>/<name>.csv} (timestamp,value) and the windows of each series in
 * {@code labels/combined_windows.json}.
 */
public record NabCorpus(Path dir, List<NabSeries> series) {
    /** The windows file, relative to the corpus directory. */
    public static final String WINDOWS = "labels/combined_windows.json";

    /** Reads every series that the windows file lists. */
    public static NabCorpus open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataFileException(dir, "not a directory");
        }
        Map<String, List<NabWindow>> windows = readWindows(dir.resolve(WINDOWS));
        List<NabSeries> series = new ArrayList<>(windows.size());
        for (Map.Entry<String, List<NabWindow>> entry : windows.entrySet()) {
            Path file = dir.resolve("data").resolve(entry.getKey());
            NabCsv.Columns columns = NabCsv.read(file, "value");
            try {
                series.add(new NabSeries(entry.getKey(), columns.timestamps(), columns.values(), entry.getValue()));
            } catch (IllegalArgumentException e) {
                throw new DataFileException(dir.resolve(WINDOWS), e.getMessage());
            }
        }
        return new NabCorpus(dir, series);
    }

    /** The windows of each series, by key {@code <category>/<name>.csv}, in the file's order. */
    public static Map<String, List<NabWindow>> readWindows(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new DataFileException(file, "not readable as JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new DataFileException(file, "expected an object of series keys to window lists");
        }
        Map<String, List<NabWindow>> windows = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            List<NabWindow> list = new ArrayList<>();
            for (JsonNode pair : entry.getValue()) {
                if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual()) {
                    throw new DataFileException(file, entry.getKey() + ": a window is not [start, end]: " + pair);
                }
                try {
                    list.add(new NabWindow(NabTimestamps.parse(pair.get(0).asText()),
                            NabTimestamps.parse(pair.get(1).asText())));
                } catch (DateTimeParseException | IllegalArgumentException e) {
                    throw new DataFileException(file, entry.getKey() + ": bad window " + pair + ": " + e.getMessage());
                }
            }
            windows.put(entry.getKey(), list);
        }
        return windows;
    }
}

package space.telemetry.data.csv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import space.telemetry.contract.Limits;
import space.telemetry.contract.Spacecraft;
import space.telemetry.data.DataFileException;
import space.telemetry.data.DatasetKind;
import space.telemetry.data.SeriesChannel;
import space.telemetry.data.SeriesDataset;

/**
 * A user's CSV dataset: a directory with one {@code <channel>.csv} per channel (see {@link CsvSeries}), all of one
 * source (the system's name, carried in the points' spacecraft field). File names must be valid channel names.
 */
public final class CsvDataset {
    /** The source name when none is given. */
    public static final String DEFAULT_SOURCE = "CSV";

    private CsvDataset() {
    }

    /** Reads every channel; any malformed file is an error naming it, its line and the problem. */
    public static SeriesDataset open(Path dir, String source) {
        SeriesDataset dataset = scan(dir, source);
        if (!dataset.problems().isEmpty()) {
            throw dataset.problems().values().iterator().next();
        }
        return dataset;
    }

    /**
     * Reads every channel, keeping the malformed files as problems.
     *
     * @throws DataFileException        when the directory is missing or has no .csv file
     * @throws IllegalArgumentException when the source is not a valid name, or is SMAP or MSL
     */
    public static SeriesDataset scan(Path dir, String source) {
        requireSource(source);
        if (!Files.isDirectory(dir)) {
            throw new DataFileException(dir, Files.exists(dir) ? "not a directory" : "CSV data directory not found");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> {
                String name = p.getFileName().toString();
                return name.endsWith(".csv") && !name.startsWith(".") && Files.isRegularFile(p);
            }).sorted().toList();
        } catch (IOException e) {
            throw new DataFileException(dir, "cannot list: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new DataFileException(dir, "no .csv files: expected one <channel>.csv per channel");
        }
        List<SeriesChannel> channels = new ArrayList<>();
        Map<String, DataFileException> problems = new LinkedHashMap<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            String id = name.substring(0, name.length() - ".csv".length());
            try {
                if (!Limits.NAME.matcher(id).matches()) {
                    throw new DataFileException(file, "'" + id + "' is not a channel name: letters, digits and"
                            + " . _ - : starting with a letter or digit, at most " + Limits.MAX_NAME_LENGTH
                            + " characters (rename the file)");
                }
                channels.add(CsvSeries.read(file, source, id));
            } catch (DataFileException e) {
                problems.put(id, e);
            }
        }
        return new SeriesDataset(DatasetKind.CSV, dir, source, channels, problems);
    }

    /** A source must be a contract name, and not SMAP or MSL (the contract fixes their command counts). */
    public static String requireSource(String source) {
        if (source == null || !Limits.NAME.matcher(source).matches()) {
            throw new IllegalArgumentException("source '" + source + "' is not a name: letters, digits and . _ - : /"
                    + " starting with a letter or digit, at most " + Limits.MAX_NAME_LENGTH + " characters");
        }
        for (Spacecraft spacecraft : Spacecraft.values()) {
            if (spacecraft.name().equals(source.toUpperCase(Locale.ROOT))) {
                throw new IllegalArgumentException("source '" + source + "' is taken by the NASA data ("
                        + spacecraft + " points carry " + (spacecraft.columns() - 1) + " commands): choose another");
            }
        }
        return source;
    }
}

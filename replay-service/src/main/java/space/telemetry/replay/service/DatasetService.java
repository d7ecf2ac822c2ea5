package space.telemetry.replay.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import space.telemetry.data.DataDirectory;
import space.telemetry.data.DataFileException;
import space.telemetry.data.Dataset;
import space.telemetry.data.DatasetKind;
import space.telemetry.data.csv.CsvDataset;
import space.telemetry.data.nab.NabDirectory;
import space.telemetry.replay.config.ReplayConfig;

/** Locates the configured dataset (Telemanom, NAB or CSV) and describes its channels. */
@ApplicationScoped
public class DatasetService {
    private final ReplayConfig config;

    public DatasetService(ReplayConfig config) {
        this.config = config;
        if (config.dataset().kind() == DatasetKind.CSV) {
            CsvDataset.requireSource(config.dataset().source()); // a bad replay.dataset.source stops the start
        }
    }

    /** The configured kind of dataset. */
    public DatasetKind kind() {
        return config.dataset().kind();
    }

    /**
     * The configured data directory (replay.dataset.dir, for Telemanom also replay.data-dir), else the first
     * existing default location of the kind.
     *
     * @throws DataFileException naming the directory when it does not exist or is not readable
     */
    public Path dataDir() {
        Optional<String> configured = config.dataset().dir().filter(d -> !d.isBlank());
        if (configured.isEmpty() && kind() == DatasetKind.TELEMANOM) {
            configured = config.dataDir().filter(d -> !d.isBlank());
        }
        if (configured.isPresent()) {
            Path dir = Path.of(configured.get().strip()).toAbsolutePath().normalize();
            requireReadable(dir);
            return dir;
        }
        List<Path> candidates = switch (kind()) {
            case TELEMANOM -> DataDirectory.candidates();
            case NAB -> NabDirectory.candidates();
            case CSV -> throw new DataFileException(Path.of("").toAbsolutePath(),
                    "no CSV data directory configured: set replay.dataset.dir");
        };
        Path dir = candidates.stream().filter(Files::isDirectory).findFirst().orElseThrow(() ->
                new DataFileException(candidates.get(0), "no " + label() + " directory found (looked in "
                        + candidates.stream().map(Path::toString).collect(Collectors.joining(", ")) + "): "
                        + settings()));
        requireReadable(dir);
        return dir.toAbsolutePath().normalize();
    }

    /** The channels of the data directory; a channel with a missing or malformed file is listed as a problem. */
    public Dataset dataset() {
        return kind().scan(dataDir(), config.dataset().source());
    }

    /** "Telemanom data", "NAB data" or "CSV data". */
    public String label() {
        return switch (kind()) {
            case TELEMANOM -> "Telemanom data";
            case NAB -> "NAB data";
            case CSV -> "CSV data";
        };
    }

    /**
     * What is wrong, naming the file relative to the data directory: never a server path. A problem with the data
     * directory itself names the settings that choose it.
     */
    public String describe(DataFileException e) {
        Path dir;
        try {
            dir = dataDir();
        } catch (DataFileException unavailable) {
            return label() + " directory unavailable: " + settings();
        }
        Path path = e.path() == null ? dir : e.path().toAbsolutePath().normalize();
        if (!path.startsWith(dir) || path.equals(dir)) {
            return label() + " directory unavailable: " + e.problem();
        }
        return dir.relativize(path) + ": " + e.problem();
    }

    private String settings() {
        return switch (kind()) {
            case TELEMANOM -> "set replay.data-dir or TELEMANOM_DIR";
            case NAB -> "set replay.dataset.dir or NAB_DIR";
            case CSV -> "set replay.dataset.dir";
        };
    }

    private void requireReadable(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataFileException(dir, Files.exists(dir) ? "not a directory"
                    : label() + " directory not found: " + settings());
        }
        if (!Files.isReadable(dir)) {
            throw new DataFileException(dir, "data directory is not readable (permissions)");
        }
    }
}

package space.telemetry.replay.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import space.telemetry.data.DataDirectory;
import space.telemetry.data.DataFileException;
import space.telemetry.data.TelemanomDataset;
import space.telemetry.replay.config.ReplayConfig;

/** Locates the Telemanom data directory and describes its channels from the NPY headers. */
@ApplicationScoped
public class DatasetService {
    private final ReplayConfig config;

    public DatasetService(ReplayConfig config) {
        this.config = config;
    }

    /**
     * The configured data directory (replay.data-dir), else the first existing default location.
     *
     * @throws DataFileException naming the directory when it does not exist or is not readable
     */
    public Path dataDir() {
        if (config.dataDir().isPresent() && !config.dataDir().get().isBlank()) {
            Path dir = Path.of(config.dataDir().get().strip()).toAbsolutePath().normalize();
            requireReadable(dir);
            return dir;
        }
        List<Path> candidates = DataDirectory.candidates();
        Path dir = DataDirectory.resolve().orElseThrow(() -> new DataFileException(candidates.get(0),
                "no Telemanom data directory found (looked in " + candidates.stream().map(Path::toString)
                        .collect(Collectors.joining(", ")) + "): set replay.data-dir or TELEMANOM_DIR"));
        requireReadable(dir);
        return dir.toAbsolutePath().normalize();
    }

    /** The channels of the data directory; a channel with a missing or malformed file is listed as a problem. */
    public TelemanomDataset dataset() {
        return TelemanomDataset.scan(dataDir());
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
            return "Telemanom data directory unavailable: set replay.data-dir or TELEMANOM_DIR";
        }
        Path path = e.path() == null ? dir : e.path().toAbsolutePath().normalize();
        if (!path.startsWith(dir) || path.equals(dir)) {
            return "Telemanom data directory unavailable: " + e.problem();
        }
        return dir.relativize(path) + ": " + e.problem();
    }

    private static void requireReadable(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataFileException(dir, Files.exists(dir) ? "not a directory"
                    : "Telemanom data directory not found: set replay.data-dir or TELEMANOM_DIR");
        }
        if (!Files.isReadable(dir)) {
            throw new DataFileException(dir, "data directory is not readable (permissions)");
        }
    }
}

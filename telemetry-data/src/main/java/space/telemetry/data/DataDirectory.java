package space.telemetry.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Finds the Telemanom data directory: env TELEMANOM_DIR, system property telemanom.dir, then ../shared/telemanom. */
public final class DataDirectory {
    /** Environment variable naming the data directory. */
    public static final String ENV = "TELEMANOM_DIR";
    /** System property naming the data directory (set by the build for tests). */
    public static final String PROPERTY = "telemanom.dir";

    private DataDirectory() {
    }

    /** The first existing directory among the candidates, or empty when none exists. */
    public static Optional<Path> resolve() {
        return resolve(System.getenv(), System.getProperties(), Path.of(""));
    }

    static Optional<Path> resolve(Map<String, String> env, Properties properties, Path workingDir) {
        return candidates(env, properties, workingDir).stream().filter(Files::isDirectory).findFirst();
    }

    /** Where we look, in order: TELEMANOM_DIR, -Dtelemanom.dir, ../shared/telemanom, ../../shared/telemanom. */
    public static List<Path> candidates() {
        return candidates(System.getenv(), System.getProperties(), Path.of(""));
    }

    static List<Path> candidates(Map<String, String> env, Properties properties, Path workingDir) {
        List<Path> candidates = new ArrayList<>();
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            candidates.add(Path.of(fromEnv.strip()));
        }
        String fromProperty = properties.getProperty(PROPERTY);
        if (fromProperty != null && !fromProperty.isBlank()) {
            candidates.add(Path.of(fromProperty.strip()));
        }
        Path base = workingDir.toAbsolutePath();
        candidates.add(base.resolve("../shared/telemanom").normalize());
        candidates.add(base.resolve("../../shared/telemanom").normalize());
        return candidates;
    }
}

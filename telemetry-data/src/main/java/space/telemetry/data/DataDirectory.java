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
        return firstDirectory(candidates(env, properties, workingDir));
    }

    /** The first of the paths that is a directory. */
    public static Optional<Path> firstDirectory(List<Path> candidates) {
        return candidates.stream().filter(Files::isDirectory).findFirst();
    }

    /** Where we look, in order: TELEMANOM_DIR, -Dtelemanom.dir, ../shared/telemanom, ../../shared/telemanom. */
    public static List<Path> candidates() {
        return candidates(System.getenv(), System.getProperties(), Path.of(""));
    }

    static List<Path> candidates(Map<String, String> env, Properties properties, Path workingDir) {
        return candidates(ENV, PROPERTY, "telemanom", env, properties, workingDir);
    }

    /**
     * Where a data set is looked for, in order: the environment variable {@code envName}, the system property
     * {@code propertyName}, then {@code ../shared/<shared>} and {@code ../../shared/<shared>} from the working directory.
     */
    public static List<Path> candidates(String envName, String propertyName, String shared, Map<String, String> env,
            Properties properties, Path workingDir) {
        List<Path> candidates = new ArrayList<>();
        String fromEnv = env.get(envName);
        if (fromEnv != null && !fromEnv.isBlank()) {
            candidates.add(Path.of(fromEnv.strip()));
        }
        String fromProperty = properties.getProperty(propertyName);
        if (fromProperty != null && !fromProperty.isBlank()) {
            candidates.add(Path.of(fromProperty.strip()));
        }
        Path base = workingDir.toAbsolutePath();
        candidates.add(base.resolve("../shared/" + shared).normalize());
        candidates.add(base.resolve("../../shared/" + shared).normalize());
        return candidates;
    }
}

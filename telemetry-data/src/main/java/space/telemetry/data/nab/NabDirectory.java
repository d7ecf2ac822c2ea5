package space.telemetry.data.nab;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import space.telemetry.data.DataDirectory;

/** Finds the NAB corpus: env NAB_DIR, system property nab.dir, then ../shared/nab and ../../shared/nab. */
public final class NabDirectory {
    /** Environment variable naming the NAB directory. */
    public static final String ENV = "NAB_DIR";
    /** System property naming the NAB directory. */
    public static final String PROPERTY = "nab.dir";

    private NabDirectory() {
    }

    /** The first existing candidate, or empty. */
    public static Optional<Path> resolve() {
        return resolve(System.getenv(), System.getProperties(), Path.of(""));
    }

    static Optional<Path> resolve(Map<String, String> env, Properties properties, Path workingDir) {
        return DataDirectory.firstDirectory(candidates(env, properties, workingDir));
    }

    /** Where we look, in order. */
    public static List<Path> candidates() {
        return candidates(System.getenv(), System.getProperties(), Path.of(""));
    }

    static List<Path> candidates(Map<String, String> env, Properties properties, Path workingDir) {
        return DataDirectory.candidates(ENV, PROPERTY, "nab", env, properties, workingDir);
    }
}

package space.telemetry.data.nab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

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
        return candidates(env, properties, workingDir).stream().filter(Files::isDirectory).findFirst();
    }

    /** Where we look, in order. */
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
        candidates.add(base.resolve("../shared/nab").normalize());
        candidates.add(base.resolve("../../shared/nab").normalize());
        return candidates;
    }
}

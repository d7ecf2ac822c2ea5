package space.telemetry.localinfra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Quarkus test resource: the service trusts this JVM's {@link LocalCredentials}, and tests sign their bearer tokens
 * with it ({@link #token}).
 */
public class JwtTestResource implements QuarkusTestResourceLifecycleManager {
    private static LocalCredentials credentials;

    /** The signing key of this test JVM, made on first use. */
    public static synchronized LocalCredentials credentials() {
        if (credentials == null) {
            try {
                credentials = LocalCredentials.create(Files.createTempDirectory("jwt-test"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return credentials;
    }

    /** A token valid for ten minutes for a test user with these roles. */
    public static String token(String... roles) {
        return credentials().token("test-user", Set.of(roles), Duration.ofMinutes(10));
    }

    @Override
    public Map<String, String> start() {
        return credentials().serviceConfig();
    }

    @Override
    public void stop() {
        // the key stays for the other tests of this JVM
    }
}

package space.telemetry.localinfra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Quarkus test resource for {@code @QuarkusIntegrationTest}s: the packaged service's management interface (health,
 * metrics) listens on a free port chosen here, since the launcher only discovers the HTTP port by itself.
 */
public class ManagementPortTestResource implements QuarkusTestResourceLifecycleManager {
    private static volatile int port;

    /** {@code http://localhost:<port><path>} on the management interface of the service under test. */
    public static String url(String path) {
        return "http://localhost:" + port + path;
    }

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.management.port", Integer.toString(port));
    }

    @Override
    public void stop() {
        // nothing to release
    }
}

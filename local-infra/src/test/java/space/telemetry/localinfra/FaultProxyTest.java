package space.telemetry.localinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyTest {
    private ServerSocket echo;
    private final ExecutorService echoThreads = Executors.newCachedThreadPool();
    private FaultProxy proxy;

    @BeforeEach
    void startEchoServerBehindProxy() throws IOException {
        echo = new ServerSocket(0);
        echoThreads.execute(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket socket = echo.accept();
                    echoThreads.execute(() -> {
                        try (socket) {
                            socket.getInputStream().transferTo(socket.getOutputStream());
                        } catch (IOException e) {
                            // client gone
                        }
                    });
                } catch (IOException e) {
                    // closed
                }
            }
        });
        proxy = FaultProxy.start("127.0.0.1", echo.getLocalPort(), 0);
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
        echoThreads.shutdownNow();
    }

    @Test
    void forwardsBytesBothWays() throws IOException {
        try (Socket client = new Socket("127.0.0.1", proxy.port())) {
            assertThat(roundTrip(client, "ping")).isEqualTo("ping");
        }
    }

    @Test
    void cutClosesOpenConnectionsAndRefusesNewOnes() throws IOException {
        try (Socket client = new Socket("127.0.0.1", proxy.port())) {
            roundTrip(client, "before");
            proxy.cut();
            client.setSoTimeout(5_000);
            assertThat(client.getInputStream().read()).as("end of stream on a cut connection").isEqualTo(-1);
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", proxy.port()).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void restoreAcceptsConnectionsAgainOnTheSamePort() throws IOException {
        int port = proxy.port();
        proxy.cut();
        proxy.restore();
        try (Socket client = new Socket("127.0.0.1", port)) {
            assertThat(roundTrip(client, "after")).isEqualTo("after");
        }
    }

    private static String roundTrip(Socket client, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        client.setSoTimeout(5_000);
        client.getOutputStream().write(bytes);
        InputStream in = client.getInputStream();
        return new String(in.readNBytes(bytes.length), StandardCharsets.UTF_8);
    }
}

package space.telemetry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import space.telemetry.localinfra.KafkaBroker;

class PortCheckTest {

    @Test
    void freePortsPass() {
        assertThatCode(() -> PortCheck.requireFree(Map.of(KafkaBroker.freePort(), "replay-service API")))
                .doesNotThrowAnyException();
    }

    @Test
    void aTakenPortFailsNamingThePortItsRoleAndThePidHoldingIt() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> PortCheck.requireFree(Map.of(port, "Kafka broker")))
                    .hasMessageStartingWith("port " + port + " (Kafka broker) is taken: ")
                    .hasMessageEndingWith("stop it (pid " + ProcessHandle.current().pid() + ") or pass --port-offset");
        }
    }

    @Test
    void aPortAnsweringHealthIsNamedAsAService() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/q/health", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            assertThat(PortCheck.describe(port, "anomaly-store API"))
                    .contains("a service answering /q/health is still running on " + port);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aServiceIsNamedAfterTheModuleOfItsJar() {
        assertThat(PortCheck.serviceName("/usr/bin/java -Xmx768m -Dquarkus.http.port=8081 -jar "
                + "/work/replay-service/target/quarkus-app/quarkus-run.jar")).contains("replay-service");
        assertThat(PortCheck.serviceName("/usr/bin/java -jar local-pipeline-1.0.0-SNAPSHOT.jar")).isEmpty();
    }
}

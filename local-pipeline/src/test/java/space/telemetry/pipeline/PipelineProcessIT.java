package space.telemetry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import space.telemetry.localinfra.KafkaBroker;
import space.telemetry.testdata.SyntheticDataset;

/**
 * The main job as a process ({@code java -jar local-pipeline.jar --serve} on generated data): it leaves nothing behind
 * when stopped or killed, and a second pipeline on its ports fails at once naming what holds them.
 */
class PipelineProcessIT {
    private static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    private static final Duration SERVING_TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    static Path data;
    @TempDir
    Path tmp;

    private Process pipeline;
    private LocalPipeline.Ports ports;

    @BeforeAll
    static void writeData() {
        SyntheticDataset.write(data, 42);
    }

    @BeforeEach
    void startPipeline() throws IOException {
        int offset = freeOffset();
        ports = LocalPipeline.Ports.standard(offset);
        Path out = tmp.resolve("pipeline.out");
        Path jar = ROOT.resolve("local-pipeline/target/local-pipeline-1.0.0-SNAPSHOT.jar");
        pipeline = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-jar", jar.toString(), "--project-root", ROOT.toString(),
                "--data-dir", data.toString(), "--database", "anomalies_process", "--partitions", "2",
                "--port-offset", Integer.toString(offset), "--serve")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long deadline = System.nanoTime() + SERVING_TIMEOUT.toNanos();
        while (!Files.readString(out).contains("serving:")) {
            assertThat(pipeline.isAlive()).as("pipeline running; its output:\n%s", Files.readString(out)).isTrue();
            assertThat(System.nanoTime()).as("serving within %s; output:\n%s", SERVING_TIMEOUT, Files.readString(out))
                    .isLessThan(deadline);
            ServiceProcess.sleep(500);
        }
    }

    @AfterEach
    void stopPipeline() {
        List<ProcessHandle> services = services();
        pipeline.destroyForcibly();
        services.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void sigtermStopsEveryServiceAndDeletesTheBrokerData() throws Exception {
        List<ProcessHandle> services = services();
        assertThat(services).hasSize(3);
        assertThat(brokerDirectories()).hasSize(1);

        pipeline.destroy(); // SIGTERM
        assertThat(pipeline.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();

        assertThat(services).noneMatch(ProcessHandle::isAlive);
        assertThat(brokerDirectories()).isEmpty();
    }

    @Test
    void servicesExitByThemselvesWhenThePipelineIsKilled() {
        List<ProcessHandle> services = services();
        assertThat(services).hasSize(3);

        pipeline.destroyForcibly(); // SIGKILL: no shutdown hook runs
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (services.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            ServiceProcess.sleep(250);
        }
        assertThat(services).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void aSecondPipelineOnItsPortsFailsNamingTheServiceThatHoldsThem() {
        long replayPid = services().stream().filter(p -> p.info().commandLine().orElse("").contains("replay-service"))
                .findFirst().orElseThrow().pid();
        LocalPipeline.Settings second = new LocalPipeline.Settings(ROOT, data, "anomalies_process", 2, 1,
                ports.withKafka(KafkaBroker.freePort()));

        assertThatThrownBy(() -> LocalPipeline.start(second)).hasMessage("port " + ports.replay()
                + " (replay-service API) is taken: an earlier pipeline's replay-service is still running on "
                + ports.replay() + ": stop it (pid " + replayPid + ") or pass --port-offset");
    }

    private List<ProcessHandle> services() {
        return pipeline.descendants().toList();
    }

    /** The broker's data directories (created by the pipeline in its java.io.tmpdir). */
    private List<Path> brokerDirectories() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(Files::isDirectory).toList();
        }
    }

    /** A port offset whose standard ports are all free now. */
    private static int freeOffset() {
        for (int offset = 20_000; offset < 30_000; offset += 97) {
            LocalPipeline.Ports candidate = LocalPipeline.Ports.standard(offset);
            try {
                PortCheck.requireFree(candidate.roles());
                return offset;
            } catch (IllegalStateException e) {
                // taken, try the next
            }
        }
        throw new IllegalStateException("no free port offset");
    }
}

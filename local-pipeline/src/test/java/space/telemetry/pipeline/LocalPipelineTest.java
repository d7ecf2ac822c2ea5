package space.telemetry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalPipelineTest {

    @Test
    void rowsOfEarlierRunsDoNotKeepTheStoreFromHoldingThisRunsEvents() {
        Map<String, String> expected = Map.of("a", "closed@9 end 9 peak 1.0");
        Map<String, String> stored = Map.of("a", "closed@9 end 9 peak 1.0", "earlier", "open@3 end 3 peak 2.0");
        assertThat(LocalPipeline.holds(stored, expected)).isTrue();
    }

    @Test
    void anOlderVersionOfAnEventOfThisRunIsNotHeldYet() {
        Map<String, String> expected = Map.of("a", "closed@9 end 9 peak 1.0");
        assertThat(LocalPipeline.holds(Map.of("a", "open@5 end 5 peak 1.0"), expected)).isFalse();
        assertThat(LocalPipeline.holds(Map.of(), expected)).isFalse();
    }

    @Test
    void servicesRunWithTheJvmOptionsOfTheirPods() throws Exception {
        Path root = Path.of("..");
        for (String module : java.util.List.of("replay-service", "detector-service", "anomaly-store")) {
            assertThat(LocalPipeline.podJvmOptions(root, module)).as(module).contains("-XX:+UseSerialGC")
                    .anyMatch(option -> option.startsWith("-Xmx")).allMatch(option -> option.startsWith("-X"));
        }
        Path project = Files.createTempDirectory("pipeline");
        Files.createDirectories(project.resolve("svc/src/main/resources"));
        Files.writeString(project.resolve("svc/src/main/resources/application.properties"), String.join("\n",
                "quarkus.kubernetes.env.vars.gc-container-options=-XX:+UseSerialGC",
                "quarkus.kubernetes.env.vars.java-opts-append=-Dquarkus.http.host=0.0.0.0 -Xmx64m  -Xss512k"));
        assertThat(LocalPipeline.podJvmOptions(project, "svc")).containsExactly("-XX:+UseSerialGC", "-Xmx64m",
                "-Xss512k");
        assertThatThrownBy(() -> LocalPipeline.podJvmOptions(project, "missing"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing");
    }
}

package space.telemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * helm/telemetry-platform/charts/ holds the services' charts that their builds generate (quarkus-helm, into
 * target/helm/kubernetes/), copied by k8s/generate.sh: never edited by hand.
 */
class GeneratedChartsTest {
    static final Path CHARTS = HelmChartTest.CHART.resolve("charts");
    static final Path NORMALIZER = Repo.ROOT.resolve("k8s/normalize.awk");

    /** The committed subchart is the build's chart as k8s/generate.sh copies it (normalised by k8s/normalize.awk). */
    @ParameterizedTest
    @ValueSource(strings = {"replay-service", "detector-service", "anomaly-store"})
    void theCommittedChartIsWhatTheBuildGenerated(String service) throws IOException {
        Path generated = Repo.ROOT.resolve(service + "/target/helm/kubernetes/" + service);
        Path committed = CHARTS.resolve(service);
        assertThat(committed.resolve("Chart.yaml")).as("run k8s/generate.sh").exists();
        assumeTrue(Files.isDirectory(generated), service + " not packaged: nothing to compare with");
        Set<String> files = files(generated);
        assertThat(files(committed)).as("%s: files (stale copy: run k8s/generate.sh --no-build)", committed)
                .isEqualTo(files);
        for (String file : files) {
            String expected = file.endsWith(".yaml") || file.endsWith(".yml")
                    ? normalize(generated.resolve(file))
                    : Files.readString(generated.resolve(file));
            assertThat(Files.readString(committed.resolve(file)))
                    .as("%s/%s differs from %s's build output: run k8s/generate.sh --no-build", committed, file,
                            service)
                    .isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"replay-service", "detector-service", "anomaly-store"})
    void theChartLints(String service) {
        LintResult result = new Helm(CHARTS.resolve(service)).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    /** Rendered with its defaults, each subchart makes the same objects as k8s/services/ (the same build). */
    @ParameterizedTest
    @ValueSource(strings = {"replay-service", "detector-service", "anomaly-store"})
    void theChartRendersTheManifestsOfK8sServices(String service) {
        List<JsonNode> rendered = withoutChecksum(Yaml.documents(new Helm(CHARTS.resolve(service)).template()
                .withName("telemetry").withNamespace("telemetry").call()));
        List<JsonNode> manifests = withoutChecksum(GeneratedManifestsTest.service(service));
        assertThat(rendered).as("%s: the chart's objects and k8s/services/%s.yaml", service, service)
                .containsExactlyInAnyOrderElementsOf(manifests);
    }

    /**
     * The detector's pod template carries the checksum of its configuration: the chart computes it from the value
     * the platform chart sets (HelmChartTest), k8s/services/ has a placeholder; everything else must be equal.
     */
    static List<JsonNode> withoutChecksum(List<JsonNode> documents) {
        documents.forEach(d -> {
            JsonNode annotations = d.path("spec").path("template").path("metadata").path("annotations");
            if (annotations instanceof ObjectNode object) {
                object.remove("checksum/detector-config");
            }
        });
        return documents;
    }

    static Set<String> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** The output of k8s/normalize.awk for a file, as k8s/generate.sh runs it. */
    static String normalize(Path file) {
        try {
            ProcessBuilder builder = new ProcessBuilder("awk", "-f", NORMALIZER.toString(), file.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().put("LC_ALL", "C");
            Process awk = builder.start();
            awk.getOutputStream().close();
            String output = new String(awk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(awk.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(awk.exitValue()).as("awk -f %s %s", NORMALIZER, file).isZero();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package space.telemetry.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionConfigTest {

    /** The shipped {@code configs/detectors.yaml}, found from the build's root or the module directory. */
    static DetectionConfig shipped() {
        Path shipped = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "configs", "detectors.yaml");
        return DetectionConfig.load(Files.exists(shipped) ? shipped : Path.of("../configs/detectors.yaml"));
    }

    @Test
    void theShippedConfigurationLoads() {
        DetectionConfig config = shipped();
        assertThat(config.detectors()).extracting(DetectorSpec::name).contains("forecast-fast", "forecast-slow");
        assertThat(config.fingerprint()).hasSize(16);
    }

    @Test
    void anUnknownTypeIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> DetectionConfig.parse("detectors: [{name: a, type: magic, threshold: 1}]"))
                .hasMessageContaining("unknown type 'magic'").hasMessageContaining("rolling-zscore");
    }

    @Test
    void anUnknownParamIsRejected() {
        assertThatThrownBy(() -> DetectionConfig.parse(
                "detectors: [{name: a, type: rolling-mad, threshold: 1, params: {windw: 10}}]"))
                .hasMessageContaining("unknown params [windw]");
    }

    @Test
    void aMistypedParamIsRejected() {
        assertThatThrownBy(() -> DetectionConfig.parse(
                "detectors: [{name: a, type: rolling-mad, threshold: 1, params: {window: ten}}]"))
                .hasMessageContaining("param 'window' must be an integer");
    }

    @Test
    void anEmptyDetectorListIsRejected() {
        assertThatThrownBy(() -> DetectionConfig.parse("detectors: []")).hasMessage("at least one detector must be configured");
    }

    @Test
    void aMissingEventSettingIsNamed() {
        assertThatThrownBy(() -> DetectionConfig.parse("""
                detectors: [{name: a, type: rolling-mad, threshold: 1}]
                events: {min-points: 1, close-after: 10, alert-on-train: false}
                """)).hasMessageStartingWith("events.test-grace: ");
    }

    @Test
    void scalingByOneKeepsEverySettingIncludingADetectorsMinPoints() {
        DetectionConfig shipped = shipped();
        assertThat(shipped.scaled(1.0)).isEqualTo(shipped);
        assertThat(shipped.scaled(1.0).fingerprint()).isEqualTo(shipped.fingerprint());
        assertThat(shipped.scaled(2.0).detectors()).extracting(DetectorSpec::minPoints)
                .containsExactlyElementsOf(shipped.detectors().stream().map(DetectorSpec::minPoints).toList());
    }

    @Test
    void aDetectorMinPointsBelowOneIsRejected() {
        assertThatThrownBy(() -> DetectionConfig.parse(
                "detectors: [{name: a, type: range, threshold: 0.1, min-points: 0}]"))
                .hasMessageContaining("detector 'a': min-points must be >= 1, got 0");
    }

    @Test
    void duplicateNamesAreRejected() {
        assertThatThrownBy(() -> DetectionConfig.parse("""
                detectors:
                  - {name: a, type: rolling-mad, threshold: 1}
                  - {name: a, type: rolling-zscore, threshold: 1}
                """)).hasMessageContaining("'a' is used twice");
    }

    @Test
    void aDetectorNameEventsCouldNotCarryIsRejected() {
        assertThatThrownBy(() -> DetectionConfig.parse("detectors: [{name: 'my detector', type: rolling-mad, threshold: 1}]"))
                .hasMessageContaining("detector name 'my detector' must be up to 128 letters, digits");
    }

    @Test
    void anInfiniteThresholdIsRejected() {
        assertThatThrownBy(() -> new DetectionConfig(
                List.of(new DetectorSpec("a", "rolling-mad", Double.NEGATIVE_INFINITY, Map.of())), null))
                .hasMessageContaining("detector 'a': threshold must be a finite number");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> DetectionConfig.load(missing)).hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void anUnknownTopLevelKeyIsRejectedWithTheFileName(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("d.yaml"), "detectors: [{name: a, type: rolling-mad, threshold: 1}]\nevent: {}\n");
        assertThatThrownBy(() -> DetectionConfig.load(file)).hasMessageContaining(file.toString())
                .hasMessageContaining("\"event\"");
    }
}

package space.telemetry.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import space.telemetry.data.DataDirectory;
import space.telemetry.data.Labels;
import space.telemetry.data.TelemanomDataset;
import space.telemetry.detection.DetectionConfig;
import space.telemetry.evaluation.score.Counts;
import space.telemetry.evaluation.score.Detection;
import space.telemetry.evaluation.score.Evaluation;
import space.telemetry.testdata.SyntheticDataset;

class EvaluateTest {
    private static final Path CONFIG = Path.of(System.getProperty("configs.dir", "../configs"), "detectors.yaml");

    @Test
    void writesDetectionsAndReportsForEveryChannelAndScoresTheLabelledOnes(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Labels labels = SyntheticDataset.write(data, 42);
        Path out = dir.resolve("out");
        int status = Evaluate.run(new String[] {"--data-dir", data.toString(), "--config", CONFIG.toString(), "--out",
                out.toString(), "--threads", "2"});
        assertThat(status).isZero();
        List<String> csv = Files.readAllLines(out.resolve("detections.csv"));
        assertThat(csv.get(0)).isEqualTo("chan_id,start_index,end_index,detected_index,detector,score");
        List<Detection> detections = Detection.readCsv(out.resolve("detections.csv"));
        assertThat(detections).isNotEmpty();
        assertThat(Files.readString(out.resolve("report.md"))).contains("| **total** |").contains("SYN-1");
        assertThat(Files.readString(out.resolve("report.json"))).contains("\"f05\"");

        // the planted anomalies are found, and the CSV round-trips to the same scores
        Map<String, List<Detection>> byChannel = new java.util.TreeMap<>();
        detections.forEach(d -> byChannel.computeIfAbsent(d.chanId(), k -> new java.util.ArrayList<>()).add(d));
        Counts total = Evaluation.score(labels, byChannel).total();
        assertThat(total.recall()).isGreaterThanOrEqualTo(0.5);
        assertThat(total.precision()).isGreaterThanOrEqualTo(0.5);
    }

    @Test
    void oneDetectorAloneAndTheSweepRun(@TempDir Path dir) {
        Path data = dir.resolve("data");
        SyntheticDataset.write(data, 7);
        DetectionConfig config = DetectionConfig.load(CONFIG);
        String name = config.detectors().get(0).name();
        assertThat(Evaluate.run(new String[] {"--data-dir", data.toString(), "--config", CONFIG.toString(), "--out",
                dir.resolve("one").toString(), "--detector", name, "--sweep", "0.5,2"})).isZero();
        assertThat(Detection.readCsv(dir.resolve("one/detections.csv"))).allMatch(d -> d.detector().equals(name));
        assertThatThrownBy(() -> Evaluate.run(new String[] {"--data-dir", data.toString(), "--config",
                CONFIG.toString(), "--out", dir.resolve("x").toString(), "--detector", "nope"}))
                .hasMessageContaining("no detector named 'nope'");
        assertThatThrownBy(() -> Evaluate.run(new String[] {"--bogus"})).hasMessageContaining("unknown option");
    }

    @Test
    void scaledConfigurationsMultiplyEveryThreshold() {
        DetectionConfig config = DetectionConfig.load(CONFIG);
        DetectionConfig scaled = config.scaled(2);
        for (int i = 0; i < config.detectors().size(); i++) {
            assertThat(scaled.detectors().get(i).threshold()).isEqualTo(2 * config.detectors().get(i).threshold());
        }
    }

    @Test
    void onTheNasaDataTheFullEvaluationBeatsTelemanomOnF05(@TempDir Path dir) {
        Optional<Path> data = DataDirectory.resolve();
        assumeTrue(data.isPresent() && TelemanomDataset.open(data.get()).channels().size() >= 80,
                "NASA data not present");
        TelemanomDataset dataset = TelemanomDataset.open(data.get());
        var detections = Evaluation.detect(DetectionConfig.load(CONFIG), dataset.channels(), null, 2);
        Counts smap = Evaluation.score(dataset.labels(), detections).bySpacecraft().get("SMAP");
        assertThat(detections).hasSize(dataset.channels().size());
        assertThat(smap.f05()).isGreaterThan(0.849); // Telemanom's SMAP F0.5 under the same rules
        assertThat(smap.coverage()).isLessThanOrEqualTo(0.06);
    }
}

package space.telemetry.evaluation.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import space.telemetry.data.Labels;
import space.telemetry.data.TelemanomDataset;
import space.telemetry.detection.DetectionConfig;
import space.telemetry.testdata.SyntheticDataset;

class CrossValidationTest {
    private static final Path CONFIG = Path.of(System.getProperty("configs.dir", "../configs"), "detectors.yaml");

    @Test
    void foldsDealTheSortedChannelsRoundRobinSoTheyAreTheSameEveryRun() {
        List<List<String>> folds = ChannelFolds.of(List.of("B-1", "A-2", "A-1", "C-1", "A-3"), 2);
        assertThat(folds).containsExactly(List.of("A-1", "A-3", "C-1"), List.of("A-2", "B-1"));
        assertThatThrownBy(() -> ChannelFolds.of(List.of("A-1"), 2)).hasMessageContaining("--folds needs");
    }

    @Test
    void everySubsetOfFiveDetectorsIsACandidateAllOfThemFirst() {
        List<String> names = List.of("a", "b", "c", "d", "e");
        List<java.util.Set<String>> subsets = CrossValidation.subsets(names);
        assertThat(subsets).hasSize(31).doesNotHaveDuplicates();
        assertThat(subsets.get(0)).containsExactlyElementsOf(names);
    }

    @Test
    void eachFoldIsScoredWithTheSettingChosenOnTheOtherFolds(@TempDir Path dir) {
        Labels labels = SyntheticDataset.write(dir, 42);
        TelemanomDataset dataset = TelemanomDataset.open(dir);
        DetectionConfig config = DetectionConfig.load(CONFIG);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<CrossValidation.Fold> folds = CrossValidation.run(config, dataset.channels(), labels, 2,
                List.of(1.0, 3.0), 2, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(folds).hasSize(2);
        for (CrossValidation.Fold fold : folds) {
            int sequences = fold.channels().stream()
                    .mapToInt(c -> labels.forChannel(c).stream().mapToInt(r -> r.sequences().size()).sum()).sum();
            assertThat(fold.heldOut().tp() + fold.heldOut().fn()).isEqualTo(sequences);
            assertThat(fold.chosen().scale()).isIn(1.0, 3.0);
            assertThat(fold.shippedHeldOut()).isNotNull();
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("| fold |",
                "held-out F0.5 of the chosen settings: mean", "held-out F0.5 of the shipped setting");
    }
}

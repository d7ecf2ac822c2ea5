package space.telemetry.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import space.telemetry.data.AnomalySequence;
import space.telemetry.data.LabelRow;
import space.telemetry.data.Labels;
import space.telemetry.data.NpyFile;
import space.telemetry.data.TelemanomChannel;
import space.telemetry.data.TelemanomDataset;

class SyntheticDatasetTest {
    @TempDir
    Path dir;

    @Test
    void writesTelemanomShapedFilesAndLabels() {
        Labels labels = SyntheticDataset.write(dir, 42);
        TelemanomDataset dataset = TelemanomDataset.open(dir);
        assertThat(dataset.channels()).hasSize(4);
        for (TelemanomChannel channel : dataset.channels()) {
            assertThat(channel.trainRows()).isEqualTo(2000);
            assertThat(channel.testRows()).isEqualTo(5000);
            assertThat(channel.columns()).isEqualTo(channel.spacecraft().columns());
        }
        assertThat(Labels.read(dir.resolve(Labels.FILE_NAME)).rows()).isEqualTo(labels.rows());
        for (LabelRow row : labels.rows()) {
            assertThat(row.sequences()).hasSize(2);
            assertThat(row.numValues()).isEqualTo(5000);
            for (AnomalySequence sequence : row.sequences()) {
                assertThat(sequence.length()).isBetween(150L, 300L);
                assertThat(sequence.end()).isLessThan(5000);
            }
            assertThat(row.sequences().get(0).end()).isLessThan(row.sequences().get(1).start());
        }
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherData() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Path c = dir.resolve("c");
        SyntheticDataset.write(a, 7);
        SyntheticDataset.write(b, 7);
        SyntheticDataset.write(c, 8);
        for (String file : List.of("train/SYN-1.npy", "test/SYNM-1.npy", Labels.FILE_NAME)) {
            assertThat(Files.readAllBytes(a.resolve(file))).isEqualTo(Files.readAllBytes(b.resolve(file)));
        }
        assertThat(Files.readAllBytes(a.resolve("test/SYN-1.npy"))).isNotEqualTo(Files.readAllBytes(c.resolve("test/SYN-1.npy")));
    }

    @Test
    void valuesAreInRangeAndCommandsAreSparseOneHot() {
        SyntheticDataset.write(dir, 3);
        double[][] train = NpyFile.readAll(dir.resolve("train/SYNM-1.npy"));
        int commandRows = 0;
        for (double[] row : train) {
            assertThat(row[0]).isBetween(-1.2, 1.2);
            double commands = 0;
            for (int c = 1; c < row.length; c++) {
                assertThat(row[c]).isIn(0.0, 1.0);
                commands += row[c];
            }
            assertThat(commands).isLessThanOrEqualTo(1.0);
            commandRows += (int) commands;
        }
        assertThat(commandRows).isBetween(1, train.length / 20);
    }

    /** Every planted anomaly makes a first difference beyond 6 standard deviations of normal ones; nothing else does. */
    @Test
    void plantedAnomaliesAreClearlyDetectable() {
        Labels labels = SyntheticDataset.write(dir, 11);
        for (LabelRow row : labels.rows()) {
            double[] train = NpyFile.readColumn(dir.resolve("train/" + row.chanId() + ".npy"), 0);
            double[] test = NpyFile.readColumn(dir.resolve("test/" + row.chanId() + ".npy"), 0);
            double sumSquares = 0;
            for (int i = 1; i < train.length; i++) {
                double d = train[i] - train[i - 1];
                sumSquares += d * d;
            }
            double sigma = Math.sqrt(sumSquares / (train.length - 1));
            boolean[] flagged = new boolean[test.length];
            for (int i = 1; i < test.length; i++) {
                flagged[i] = Math.abs(test[i] - test[i - 1]) > 6 * sigma;
            }
            for (AnomalySequence sequence : row.sequences()) {
                boolean hit = false;
                for (long i = sequence.start(); i <= Math.min(test.length - 1, sequence.end() + 1); i++) {
                    hit |= flagged[(int) i];
                }
                assertThat(hit).as("%s %s detectable", row.chanId(), sequence).isTrue();
            }
            for (int i = 0; i < test.length; i++) {
                final int index = i;
                boolean inside = row.sequences().stream().anyMatch(s -> index >= s.start() && index <= s.end() + 1);
                if (!inside) {
                    assertThat(flagged[i]).as("%s false alarm at %d", row.chanId(), i).isFalse();
                }
            }
        }
    }
}

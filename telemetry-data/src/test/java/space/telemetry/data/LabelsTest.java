package space.telemetry.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelsTest {
    private static final String SAMPLE = """
            chan_id,spacecraft,anomaly_sequences,class,num_values
            P-1,SMAP,"[[2149, 2349], [4536, 4844], [3539, 3779]]","[contextual, contextual, contextual]",8505
            S-1,SMAP,"[[5300, 5747]]",[point],7331
            P-2,SMAP,"[[5000, 5030]]",[point],8209
            P-2,SMAP,"[[5610, 6086]]",[contextual],8209
            """;

    @TempDir
    Path dir;

    @Test
    void parsesRowsKeepingRepeatedChannels() throws IOException {
        Path file = dir.resolve("labeled_anomalies.csv");
        Files.writeString(file, SAMPLE);
        Labels labels = Labels.read(file);

        assertThat(labels.rows()).hasSize(4);
        LabelRow p1 = labels.rows().get(0);
        assertThat(p1.chanId()).isEqualTo("P-1");
        assertThat(p1.spacecraft()).isEqualTo("SMAP");
        assertThat(p1.sequences()).containsExactly(new AnomalySequence(2149, 2349), new AnomalySequence(4536, 4844),
                new AnomalySequence(3539, 3779));
        assertThat(p1.classes()).containsExactly("contextual", "contextual", "contextual");
        assertThat(p1.numValues()).isEqualTo(8505);
        assertThat(p1.line()).isEqualTo(2);
        assertThat(labels.rows().get(1).classes()).containsExactly("point");
        assertThat(labels.forChannel("P-2")).hasSize(2).extracting(LabelRow::line).containsExactly(4, 5);
        assertThat(labels.spacecraftOf("S-1")).contains("SMAP");
        assertThat(labels.spacecraftOf("M-1")).isEmpty();
    }

    @Test
    void writeThenReadRoundTrips() throws IOException {
        Path file = dir.resolve("in.csv");
        Files.writeString(file, SAMPLE);
        Labels labels = Labels.read(file);
        Path copy = dir.resolve("out.csv");
        labels.write(copy);
        assertThat(Labels.read(copy).rows()).isEqualTo(labels.rows());
    }

    @Test
    void malformedRowsNameFileAndLine() throws IOException {
        assertMalformed("P-1,SMAP,\"[[1, 2]]\",[point]", "line 2", "expected 5 fields");
        assertMalformed("P-1,SMAP,\"[[1, 2], [3]]\",\"[point, point]\",10", "line 2", "anomaly_sequences");
        assertMalformed("P-1,SMAP,\"[[5, 2]]\",[point],10", "line 2", "0 <= start <= end");
        assertMalformed("P-1,SMAP,\"[[1, 2]]\",\"[point, point]\",10", "line 2", "1 anomaly sequences but 2 classes");
        assertMalformed("P-1,SMAP,\"[[1, 2]]\",[point],ten", "line 2", "num_values is not an integer");
        assertMalformed("P-1,SMAP,\"[[1, 2]],[point],10", "line 2", "unterminated");
        assertMalformed(",SMAP,\"[[1, 2]]\",[point],10", "line 2", "chan_id is empty");

        Path noHeader = dir.resolve("noheader.csv");
        Files.writeString(noHeader, "P-1,SMAP,\"[[1, 2]]\",[point],10\n");
        assertThatThrownBy(() -> Labels.read(noHeader)).hasMessageContaining(noHeader.toString())
                .hasMessageContaining("line 1: expected the header");
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("none.csv");
        assertThatThrownBy(() -> Labels.read(missing)).isInstanceOf(DataFileException.class)
                .hasMessage(missing + ": file not found");
    }

    @Test
    void parsesTheRealLabelsWhenPresent() {
        Optional<Path> data = DataDirectory.resolve();
        assumeThat(data).isPresent();
        Path file = data.get().resolve(Labels.FILE_NAME);
        assumeThat(file).exists();
        Labels labels = Labels.read(file);
        assertThat(labels.rows()).hasSize(55);
        assertThat(labels.rows().stream().map(LabelRow::chanId).distinct().count()).isEqualTo(54);
        assertThat(labels.rows().stream().mapToInt(r -> r.sequences().size()).sum()).isEqualTo(69);
        assertThat(labels.forChannel("P-2")).hasSize(2);
    }

    private void assertMalformed(String row, String... expected) throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "chan_id,spacecraft,anomaly_sequences,class,num_values\n" + row + "\n");
        var assertion = assertThatThrownBy(() -> Labels.read(file)).isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString());
        for (String text : expected) {
            assertion.hasMessageContaining(text);
        }
    }
}

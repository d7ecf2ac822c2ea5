package space.telemetry.store.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import space.telemetry.data.AnomalySequence;
import space.telemetry.data.DataDirectory;
import space.telemetry.data.LabelRow;
import space.telemetry.data.Labels;

class LabelsCsvTest {
    private static final String HEADER = "chan_id,spacecraft,anomaly_sequences,class,num_values\n";

    @Test
    void readsNasasLabelsFileAsTheEvaluationReaderDoes() throws IOException {
        Path file = DataDirectory.resolve().map(dir -> dir.resolve(Labels.FILE_NAME)).filter(Files::exists)
                .orElse(null);
        Assumptions.assumeTrue(file != null, "no Telemanom data here");
        List<LabelsCsv.Row> rows = LabelsCsv.parse(Files.readString(file));
        List<LabelRow> expected = Labels.read(file).rows();
        assertThat(rows).hasSameSizeAs(expected);
        for (int i = 0; i < rows.size(); i++) {
            LabelsCsv.Row row = rows.get(i);
            LabelRow reference = expected.get(i);
            assertThat(row.channel()).isEqualTo(reference.chanId());
            assertThat(row.spacecraft()).isEqualTo(reference.spacecraft());
            assertThat(row.numValues()).isEqualTo(reference.numValues());
            assertThat(row.sequences().stream().map(s -> new AnomalySequence(s.start(), s.end())).toList())
                    .isEqualTo(reference.sequences());
            assertThat(row.sequences().stream().map(LabelsCsv.Sequence::labelClass).toList())
                    .isEqualTo(reference.classes());
        }
    }

    @Test
    void writtenRowsAreReadBackByTheEvaluationReader(@TempDir Path dir) throws IOException {
        List<LabelsCsv.Row> rows = List.of(new LabelsCsv.Row(0, "P-1", "SMAP",
                List.of(new LabelsCsv.Sequence(1, 5, "confirmed"), new LabelsCsv.Sequence(9, 9, "confirmed")), 100));
        Path file = dir.resolve("labels.csv");
        Files.writeString(file, LabelsCsv.write(rows));
        LabelRow row = Labels.read(file).rows().get(0);
        assertThat(row.sequences()).containsExactly(new AnomalySequence(1, 5), new AnomalySequence(9, 9));
        assertThat(LabelsCsv.parse(Files.readString(file))).hasSize(1);
    }

    @Test
    void malformedLinesAreNamedWithTheirProblem() {
        assertProblem(HEADER + "P-1,SMAP,\"[[1, 2]]\",[point]\n", "line 2: expected 5 fields");
        assertProblem(HEADER + "\nP-1,SMAP,\"[[1, 2]\",[point],10\n", "line 3: anomaly_sequences is not a list");
        assertProblem(HEADER + "P-1,SMAP,\"[[1, 2], [3]]\",\"[a, b]\",10\n", "line 2: anomaly_sequences");
        assertProblem(HEADER + "P-1,SMAP,\"[[-1, 2]]\",[a],10\n", "line 2: anomaly_sequences");
        assertProblem(HEADER + "P-1,SMAP,\"[[1, 2]]\",[a],ten\n", "line 2: num_values is not an integer");
        assertProblem(HEADER + "P 1,SMAP,\"[[1, 2]]\",[a],10\n", "line 2: chan_id must be");
        assertProblem(HEADER + "P-1,,\"[[1, 2]]\",[a],10\n", "line 2: spacecraft must be");
        assertProblem(HEADER + "P-1,SMAP,\"[[1, 2]],[a],10\n", "line 2: unterminated quoted field");
        assertProblem(HEADER + "P-1,SMAP,\"[[1, 2]]\",\"[a,]\",10\n", "line 2: class names must be");
        assertProblem("", "line 1: expected the header");
    }

    @Test
    void acceptsCrLfABomQuotedClassesAndEmptySequenceLists() {
        List<LabelsCsv.Row> rows = LabelsCsv.parse("\uFEFF" + HEADER.replace("\n", "\r\n")
                + "P-1,SMAP,\"[[1,2],[3, 4]]\",\"['point', \"\"contextual\"\"]\",10\r\nP-2,SMAP,[],[],5\r\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).sequences()).containsExactly(new LabelsCsv.Sequence(1, 2, "point"),
                new LabelsCsv.Sequence(3, 4, "contextual"));
        assertThat(rows.get(1).sequences()).isEmpty();
    }

    private static void assertProblem(String csv, String message) {
        assertThatThrownBy(() -> LabelsCsv.parse(csv)).isInstanceOf(LabelsCsv.FormatException.class)
                .hasMessageContaining(message);
    }
}

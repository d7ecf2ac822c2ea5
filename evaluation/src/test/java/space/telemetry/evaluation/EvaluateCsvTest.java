package space.telemetry.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import space.telemetry.data.DataFileException;
import space.telemetry.evaluation.score.Detection;

class EvaluateCsvTest {
    private static final Path CONFIG = Path.of(System.getProperty("configs.dir", "../configs"), "detectors.yaml");

    @TempDir
    Path dir;

    @Test
    void runsTheShippedDetectorsOverACsvDirectoryAndScoresItsLabels() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Random random = new Random(3);
        StringBuilder csv = new StringBuilder("timestamp,value,comment\n");
        for (int row = 0; row < 3000; row++) {
            double value = Math.sin(row / 20.0) + random.nextGaussian() * 0.05 + (row >= 2000 && row < 2040 ? 6 : 0);
            csv.append(1_700_000_000L + 60L * row).append(',').append(value).append(",ok\n");
        }
        Files.writeString(data.resolve("boiler-1.csv"), csv);
        // history: floor(0.15 x 3000) = 450 rows, so file rows 2000..2039 are test indices 1550..1589
        Path labels = Files.writeString(dir.resolve("labels.csv"), "chan_id,spacecraft,anomaly_sequences,class,"
                + "num_values\nboiler-1,PLANT,\"[[1550, 1589]]\",[point],2550\n");
        Path out = dir.resolve("out");

        int code = Evaluate.run(new String[] {"--dataset", "csv", "--data", data.toString(), "--source", "PLANT",
            "--labels", labels.toString(), "--config", CONFIG.toString(), "--out", out.toString(), "--threads", "1"});

        assertThat(code).isZero();
        List<Detection> detections = Detection.readCsv(out.resolve("detections.csv"));
        assertThat(detections).isNotEmpty().allSatisfy(d -> assertThat(d.chanId()).isEqualTo("boiler-1"));
        assertThat(Files.readString(out.resolve("report.json")))
                .containsPattern("\"total\"\\s*:\\s*\\{\\s*\"tp\"\\s*:\\s*1\\b");
    }

    @Test
    void aMalformedCsvStopsTheEvaluationNamingFileAndLine() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("x.csv"), "timestamp,value\n1,1\n2,oops\n");
        assertThatThrownBy(() -> Evaluate.run(new String[] {"--dataset", "csv", "--data", data.toString(),
            "--config", CONFIG.toString(), "--out", dir.resolve("out").toString()}))
                .isInstanceOf(DataFileException.class).hasMessageContaining("x.csv: line 3: value 'oops'");
    }
}

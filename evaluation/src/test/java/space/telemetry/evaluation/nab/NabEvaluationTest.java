package space.telemetry.evaluation.nab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import space.telemetry.data.nab.NabCorpus;
import space.telemetry.data.nab.NabTimestamps;
import space.telemetry.detection.DetectionConfig;

/** The shipped configuration over a small NAB-layout corpus: result files, scores, and re-scoring them. */
class NabEvaluationTest {
    private static final Path CONFIG = Path.of(System.getProperty("configs.dir", "../configs"), "detectors.yaml");
    private static final LocalDateTime T0 = LocalDateTime.of(2015, 3, 1, 0, 0);

    @Test
    void runsTheShippedDetectorsWritesNabResultFilesAndScoresThem(@TempDir Path dir) throws IOException {
        Path nab = dir.resolve("nab");
        writeSeries(nab, "synthetic/spike.csv", 1, 1500);
        writeSeries(nab, "synthetic/quiet.csv", 2, -1);
        Files.createDirectories(nab.resolve("labels"));
        Files.writeString(nab.resolve(NabCorpus.WINDOWS), "{\"synthetic/spike.csv\": [[\"" + time(1450)
                + ".000000\", \"" + time(1549) + ".000000\"]], \"synthetic/quiet.csv\": []}");
        NabCorpus corpus = NabCorpus.open(nab);
        Path out = dir.resolve("out");

        PrintStream stdout = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        NabEvaluation.detectAndScore(corpus, DetectionConfig.load(CONFIG), null, 2, out, stdout);

        Path spike = out.resolve("telemetryPlatform/synthetic/telemetryPlatform_spike.csv");
        List<String> rows = Files.readAllLines(spike);
        assertThat(rows).hasSize(2001);
        assertThat(rows.get(0)).isEqualTo("timestamp,value,anomaly_score,label,score");
        assertThat(rows.get(1451)).startsWith(time(1450) + ",");
        assertThat(rows.get(1451).split(",")[3]).isEqualTo("1"); // the label
        assertThat(rows.get(1).split(",")[3]).isEqualTo("0");
        assertThat(Double.parseDouble(rows.get(1501).split(",")[4])).isGreaterThan(0.5); // the spike (row 1500)
        assertThat(rows.stream().skip(1).mapToDouble(r -> Double.parseDouble(r.split(",")[4])))
                .allSatisfy(score -> assertThat(score).isBetween(0.0, 1.0));
        String report = Files.readString(out.resolve("report.md"));
        assertThat(report).contains("| standard |", "| reward_low_FP_rate |", "| reward_low_FN_rate |",
                "| synthetic | 2 | 1 |");

        // the spike is found early in its window; nothing is raised during the history
        Map<String, double[]> scores = NabResultFiles.readScores(corpus, out, "telemetryPlatform");
        double[] spikeScores = scores.get("synthetic/spike.csv");
        for (int row = 0; row < corpus.series().get(0).probation(); row++) {
            assertThat(spikeScores[row]).isZero();
        }
        NabResult result = new NabScorer(corpus.series()).score(scores, NabProfile.STANDARD,
                ThresholdSearch.NAB_HILL_CLIMB);
        assertThat(result.series().get(0).detected()).isEqualTo(1);
        assertThat(result.normalized()).isGreaterThan(50.0);

        // scoring the written files (as --nab-results does) prints the same figure
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        NabEvaluation.scoreResults(corpus, out, new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains(String.format(Locale.ROOT, "**%.2f**", result.normalized()));
    }

    private static void writeSeries(Path nab, String key, long seed, int spikeAt) throws IOException {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int row = 0; row < 2000; row++) {
            double value = 10 * Math.sin(2 * Math.PI * row / 100.0) + random.nextGaussian() * 0.2;
            if (row >= spikeAt && row < spikeAt + 5) {
                value += 40;
            }
            csv.append(time(row)).append(',').append(String.format(Locale.ROOT, "%.4f", value)).append('\n');
        }
        Path file = nab.resolve("data").resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, csv);
    }

    private static String time(int row) {
        return NabTimestamps.format(T0.plusMinutes(5L * row));
    }
}

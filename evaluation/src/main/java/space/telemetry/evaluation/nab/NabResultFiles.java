package space.telemetry.evaluation.nab;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import space.telemetry.data.DataFileException;
import space.telemetry.data.nab.NabCorpus;
import space.telemetry.data.nab.NabCsv;
import space.telemetry.data.nab.NabSeries;
import space.telemetry.data.nab.NabTimestamps;
import space.telemetry.data.nab.RowWindow;

/** Writes and reads a detector's NAB result files: {@code <out>/<detector>/<category>/<detector>_<name>.csv}. */
public final class NabResultFiles {
    /** The header NAB's result files carry, and the channel's per-point score (not scored by NAB). */
    public static final String HEADER = "timestamp,value,anomaly_score,label,score";

    private NabResultFiles() {
    }

    /**
     * Writes the series' rows with their anomaly_score, label (1 inside a window) and per-point score; returns the
     * file.
     */
    public static Path write(Path out, String detector, NabSeries series, double[] scores, double[] pointScores) {
        Path file = resultFile(out, detector, series);
        boolean[] label = new boolean[series.length()];
        for (RowWindow w : series.rowWindows()) {
            for (int row = w.first(); row <= w.last(); row++) {
                label[row] = true;
            }
        }
        List<java.time.LocalDateTime> times = series.timestamps();
        try {
            Files.createDirectories(file.getParent());
            try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                writer.write(HEADER);
                writer.newLine();
                for (int row = 0; row < series.length(); row++) {
                    writer.write(NabTimestamps.format(times.get(row)) + "," + number(series.value(row)) + ","
                            + number(scores[row]) + "," + (label[row] ? 1 : 0) + ","
                            + number(Math.round(pointScores[row] * 1e6) / 1e6));
                    writer.newLine();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** A detector's result file for a series. */
    public static Path resultFile(Path results, String detector, NabSeries series) {
        return results.resolve(detector).resolve(series.category()).resolve(detector + "_" + series.name() + ".csv");
    }

    /**
     * A detector's anomaly_score per row of each series of the corpus, read from NAB result files whose timestamps
     * must be the series' own.
     */
    public static Map<String, double[]> readScores(NabCorpus corpus, Path results, String detector) {
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (NabSeries s : corpus.series()) {
            Path file = resultFile(results, detector, s);
            NabCsv.Columns columns = NabCsv.read(file, "anomaly_score");
            if (!columns.timestamps().equals(s.timestamps())) {
                throw new DataFileException(file, "its timestamps are not those of data/" + s.key());
            }
            scores.put(s.key(), columns.values());
        }
        return scores;
    }
}

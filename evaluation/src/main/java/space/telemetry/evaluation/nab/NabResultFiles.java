package space.telemetry.evaluation.nab;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a detector's NAB result file: {@code <out>/<detector>/<category>/<detector>_<name>.csv}. */
public final class NabResultFiles {
    /** The header NAB's result files carry. */
    public static final String HEADER = "timestamp,value,anomaly_score,label";

    private NabResultFiles() {
    }

    /** Writes the series' rows with their anomaly_score and label (1 inside a window); returns the file. */
    public static Path write(Path out, String detector, NabSeries series, double[] scores) {
        Path file = NabCorpus.resultFile(out, detector, series);
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
                            + number(scores[row]) + "," + (label[row] ? 1 : 0));
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
}

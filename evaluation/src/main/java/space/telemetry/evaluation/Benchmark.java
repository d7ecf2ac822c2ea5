package space.telemetry.evaluation;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import space.telemetry.data.NpyFile;
import space.telemetry.data.TelemanomChannel;
import space.telemetry.detection.DetectionConfig;
import space.telemetry.detection.Detector;
import space.telemetry.detection.DetectorFactory;
import space.telemetry.detection.DetectorSpec;

/**
 * Cost per point of each configured detector: every channel's rows loaded in memory first, then each detector run
 * over all of them (train, end of history, test), timed after warm-up rounds; the best of the measured rounds is
 * printed. Only the detectors' own work is timed (no file reading, no events, no snapshots).
 */
final class Benchmark {
    private static final int WARMUP_ROUNDS = 2;
    private static final int ROUNDS = 3;

    private Benchmark() {
    }

    static void run(DetectionConfig config, List<TelemanomChannel> channels, PrintStream out) {
        List<double[][]> trains = new ArrayList<>();
        List<double[][]> tests = new ArrayList<>();
        long points = 0;
        for (TelemanomChannel channel : channels) {
            trains.add(split(NpyFile.readAll(channel.trainFile())));
            tests.add(split(NpyFile.readAll(channel.testFile())));
            points += channel.totalRows();
        }
        out.printf(Locale.ROOT, "%d channels, %d points; ns per point (best of %d rounds after %d warm-up)%n",
                channels.size(), points, ROUNDS, WARMUP_ROUNDS);
        for (DetectorSpec spec : config.detectors()) {
            double best = Double.POSITIVE_INFINITY;
            double sink = 0;
            for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
                long started = System.nanoTime();
                for (int c = 0; c < trains.size(); c++) {
                    Detector detector = DetectorFactory.create(spec);
                    sink += feed(detector, trains.get(c));
                    detector.endOfHistory();
                    sink += feed(detector, tests.get(c));
                }
                double ns = (double) (System.nanoTime() - started) / points;
                if (round >= WARMUP_ROUNDS) {
                    best = Math.min(best, ns);
                }
            }
            out.printf(Locale.ROOT, "  %-16s %-18s %8.0f ns/point%s%n", spec.name(), spec.type(), best,
                    sink == 42 ? " " : "");
        }
    }

    /** Rows as [value, commands...] pairs: row[0] the value column, row[1..] the commands, copied once. */
    private static double[][] split(double[][] rows) {
        return rows;
    }

    private static double feed(Detector detector, double[][] rows) {
        double sum = 0;
        for (double[] row : rows) {
            double[] commands = java.util.Arrays.copyOfRange(row, 1, row.length); // as the service does
            double s = detector.score(row[0], commands);
            if (!Double.isNaN(s)) {
                sum += s;
            }
        }
        return sum;
    }
}

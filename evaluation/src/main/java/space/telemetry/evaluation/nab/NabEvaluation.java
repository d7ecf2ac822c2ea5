package space.telemetry.evaluation.nab;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import space.telemetry.data.nab.NabCorpus;
import space.telemetry.data.nab.NabSeries;
import space.telemetry.detection.DetectionConfig;
import space.telemetry.evaluation.score.Parallel;

/**
 * {@code ./evaluate --dataset nab}: runs the detection configuration over every NAB series (in parallel), writes
 * NAB result files and prints the three profiles' normalised scores and a per-category table; or scores result
 * files written elsewhere (e.g. NAB's published ones).
 */
public final class NabEvaluation {
    /** The detector name our result files are written under. */
    public static final String DETECTOR = "telemetryPlatform";

    private NabEvaluation() {
    }

    /** Detects, writes {@code out/<detector>/...} and {@code out/report.md}, prints the scores. */
    public static void detectAndScore(NabCorpus corpus, DetectionConfig config, String only, int threads, Path out,
            PrintStream stdout) {
        long started = System.nanoTime();
        Map<String, NabDetection.Rows> rows = detect(corpus, config, only, threads);
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, double[]> scores = new TreeMap<>();
        for (NabSeries s : corpus.series()) {
            NabDetection.Rows r = rows.get(s.key());
            NabResultFiles.write(out, DETECTOR, s, r.alarms(), r.scores());
            scores.put(s.key(), r.alarms());
        }
        long points = corpus.series().stream().mapToLong(NabSeries::length).sum();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "NAB: %d series, %d points; detection %.1f s on %d threads; events of %s;"
                + " anomaly_score 1.0 at each row an event was raised (the per-point score in column score)", corpus.series().size(), points, seconds,
                threads, only == null ? "every detector" : "detector " + only));
        lines.addAll(report(corpus, DETECTOR, scores));
        lines.add("");
        lines.add("wrote " + out.resolve(DETECTOR) + "/<category>/" + DETECTOR + "_<name>.csv and "
                + out.resolve("report.md"));
        lines.forEach(stdout::println);
        try {
            Files.writeString(out.resolve("report.md"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Scores every detector directory under {@code results} (NAB's result layout) and prints the tables. */
    public static void scoreResults(NabCorpus corpus, Path results, PrintStream stdout) {
        List<String> detectors;
        try (Stream<Path> dirs = Files.list(results)) {
            detectors = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (detectors.isEmpty()) {
            throw new IllegalArgumentException("no detector directories in " + results);
        }
        for (String detector : detectors) {
            stdout.println("## " + detector);
            report(corpus, detector, NabResultFiles.readScores(corpus, results, detector)).forEach(stdout::println);
            stdout.println();
        }
    }

    /** The rows of every series, by key. */
    static Map<String, NabDetection.Rows> detect(NabCorpus corpus, DetectionConfig config, String only, int threads) {
        if (only != null && config.detectors().stream().noneMatch(s -> s.name().equals(only))) {
            throw new IllegalArgumentException("no detector named '" + only + "' in the configuration");
        }
        List<NabSeries> largestFirst = new ArrayList<>(corpus.series());
        largestFirst.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return Parallel.map(largestFirst, NabSeries::key, s -> NabDetection.rows(config, s, only), threads);
    }

    /** The profile table (NAB's search and the exact optimum) and the per-category table of the standard profile. */
    static List<String> report(NabCorpus corpus, String detector, Map<String, double[]> scores) {
        NabScorer scorer = new NabScorer(corpus.series());
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("| " + detector + " | threshold | raw | score | exact-optimum threshold | exact-optimum score |");
        lines.add("| --- | ---: | ---: | ---: | ---: | ---: |");
        NabResult standard = null;
        for (NabProfile profile : NabProfile.published()) {
            NabScorer.Prepared prepared = scorer.prepare(scores, profile);
            NabResult nab = prepared.result(ThresholdSearch.NAB_HILL_CLIMB);
            NabResult exact = prepared.result(ThresholdSearch.EXACT);
            standard = standard == null ? nab : standard;
            lines.add(String.format(Locale.ROOT, "| %s | %.4f | %.2f | **%.2f** | %.4f | %.2f |", profile.name(),
                    nab.threshold(), nab.raw(), nab.normalized(), exact.threshold(), exact.normalized()));
        }
        lines.add("");
        lines.add(String.format(Locale.ROOT, "Per category, standard profile at threshold %.4f (score: normalised "
                + "over the category's windows):", standard.threshold()));
        lines.add("");
        lines.add("| category | series | windows | detected | false positives | raw | score |");
        lines.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        Map<String, List<NabResult.SeriesResult>> byCategory = new TreeMap<>();
        standard.series().forEach(r -> byCategory.computeIfAbsent(r.category(), k -> new ArrayList<>()).add(r));
        byCategory.forEach((category, rows) -> {
            int windows = rows.stream().mapToInt(NabResult.SeriesResult::windows).sum();
            double raw = rows.stream().mapToDouble(NabResult.SeriesResult::raw).sum();
            double score = NabResult.normalize(raw, windows, NabProfile.STANDARD);
            lines.add(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.2f | %s |", category, rows.size(),
                    windows, rows.stream().mapToInt(NabResult.SeriesResult::detected).sum(),
                    rows.stream().mapToInt(NabResult.SeriesResult::falsePositives).sum(), raw,
                    Double.isNaN(score) ? "-" : String.format(Locale.ROOT, "%.1f", score)));
        });
        return lines;
    }
}

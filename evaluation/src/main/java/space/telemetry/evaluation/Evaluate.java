package space.telemetry.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import space.telemetry.data.DataDirectory;
import space.telemetry.data.DataFileException;
import space.telemetry.data.Dataset;
import space.telemetry.data.DatasetChannel;
import space.telemetry.data.DatasetKind;
import space.telemetry.data.Labels;
import space.telemetry.data.TelemanomDataset;
import space.telemetry.data.csv.CsvDataset;
import space.telemetry.data.nab.NabCorpus;
import space.telemetry.data.nab.NabDirectory;
import space.telemetry.detection.DetectionConfig;
import space.telemetry.evaluation.nab.CrossValidation;
import space.telemetry.evaluation.nab.NabEvaluation;
import space.telemetry.evaluation.score.Counts;
import space.telemetry.evaluation.score.Detection;
import space.telemetry.evaluation.score.Evaluation;
import space.telemetry.evaluation.score.EvaluationReport;

/**
 * {@code ./evaluate}: runs the configured detectors over every channel in-process, writes detections.csv and a
 * report scored against a labels file; {@code --sweep} prints F0.5 against alarm coverage for scaled thresholds;
 * {@code --benchmark} prints the cost per point of each configured detector.
 */
public final class Evaluate {
    static final String USAGE = """
            usage: ./evaluate [options]
              --dataset NAME     telemanom (default), nab or csv (a directory of <channel>.csv files with
                                 timestamp,value[,...]: docs/datasets.md)
              --data DIR         the dataset's directory (for telemanom the same as --data-dir, for nab --nab-dir)
              --source NAME      with --dataset csv: the system name the channels carry (default CSV)
              --nab-dir DIR      NAB corpus (data/, labels/); default: NAB_DIR, -Dnab.dir, ../shared/nab
              --nab-results DIR  with --dataset nab: score the NAB result files under DIR/<detector>/ instead of
                                 running detection (e.g. DIR = the corpus's reference-results)
              --data-dir DIR     Telemanom data (train/, test/); default: TELEMANOM_DIR, -Dtelemanom.dir, ../shared/telemanom
              --labels FILE      labels CSV (default: DIR/labeled_anomalies.csv; csv: none, detections.csv only);
                                 only labelled channels are scored; for csv, chan_id is the file name without .csv
                                 and anomaly_sequences index the test split (data row - history rows)
              --config FILE      detection configuration (default: configs/detectors.yaml)
              --out DIR          output directory (default: target/evaluation): detections.csv, report.md, report.json;
                                 NAB (default: target/evaluation/nab): <detector>/<category>/*.csv, report.md
              --detector NAME    score this detector's events alone (default: the union of all detectors' events)
              --channels A,B     only these channels
              --threads N        channels in parallel (default: available processors)
              --sweep S1,S2,..   also score every detector's threshold multiplied by each scale; prints the curve
              --benchmark        print the cost per point (ns) of each configured detector and exit
              --folds K          channel cross-validation: the threshold scale (--sweep values, default
                                 0.8,0.9,1,1.1,1.25) and the detectors merged, chosen by F0.5 on K-1 folds of the
                                 labelled channels, scored on the held-out fold; prints mean ± sd and exits
            """;

    private Evaluate() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException | DataFileException e) {
            System.err.println("evaluate: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(String[] args) {
        Options o = Options.parse(args);
        if (o.help) {
            System.out.print(USAGE);
            return 0;
        }
        if (o.dataset.equals("nab")) {
            return nab(o);
        }
        if (o.out == null) {
            o.out = Path.of("target/evaluation");
        }
        Dataset dataset;
        Labels labels;
        if (o.dataset.equals("csv")) {
            if (o.data == null) {
                throw new IllegalArgumentException("--dataset csv needs --data DIR");
            }
            dataset = CsvDataset.open(o.data, o.source);
            labels = o.labels != null ? Labels.read(o.labels) : Labels.of(List.of());
        } else {
            Path dir = o.dataDir != null ? o.dataDir : o.data != null ? o.data : DataDirectory.resolve().orElseThrow(
                    () -> new IllegalArgumentException("no Telemanom data directory found (looked in "
                            + DataDirectory.candidates() + "); pass --data-dir"));
            TelemanomDataset telemanom = TelemanomDataset.open(dir);
            dataset = telemanom;
            labels = o.labels != null ? Labels.read(o.labels) : telemanom.labels();
        }
        Path dataDir = dataset.dir();
        DetectionConfig config = DetectionConfig.load(o.config);
        List<DatasetChannel> channels = new ArrayList<>(dataset.channels());
        if (o.channels != null) {
            channels = o.channels.stream().map(dataset::require).toList();
        }
        if (o.benchmark) {
            if (!(dataset instanceof TelemanomDataset telemanom)) {
                throw new IllegalArgumentException("--benchmark runs on Telemanom data");
            }
            Benchmark.run(config, o.channels == null ? telemanom.channels()
                    : o.channels.stream().map(telemanom::require).toList(), System.out);
            return 0;
        }
        if (o.folds > 0) {
            CrossValidation.run(config, channels, labels, o.folds,
                    o.sweep != null ? o.sweep : CrossValidation.DEFAULT_SCALES, o.threads, System.out);
            return 0;
        }
        long started = System.nanoTime();
        Map<String, List<Detection>> detections = Evaluation.detect(config, channels, o.detector, o.threads);
        double seconds = (System.nanoTime() - started) / 1e9;
        Evaluation.Scores scores = Evaluation.score(labels, detections);
        long points = channels.stream().mapToLong(DatasetChannel::totalRows).sum();
        long runs = detections.values().stream().mapToLong(List::size).sum();

        write(o, config, dataDir, channels.size(), points, runs, seconds, detections, scores);
        System.out.printf(Locale.ROOT, "%d channels, %d points, %d runs in %.1f s (%d threads)%n", channels.size(),
                points, runs, seconds, o.threads);
        if (scores.rows().isEmpty()) {
            System.out.println("no labelled channel among them: nothing scored (--labels FILE to score)");
        } else {
            scores.bySpacecraft().forEach((craft, c) -> System.out.println(craft + ": "
                    + EvaluationReport.summary(c)));
            System.out.println("total: " + EvaluationReport.summary(scores.total()));
        }
        System.out.println("wrote " + o.out.resolve("detections.csv") + ", report.md, report.json");

        if (o.sweep != null) {
            sweep(o, config, channels, labels);
        }
        return 0;
    }

    private static int nab(Options o) {
        Path dir = o.nabDir != null ? o.nabDir : o.data != null ? o.data : NabDirectory.resolve().orElseThrow(
                () -> new IllegalArgumentException("no NAB directory found (looked in " + NabDirectory.candidates()
                        + "); pass --nab-dir"));
        NabCorpus corpus = NabCorpus.open(dir);
        if (o.nabResults != null) {
            NabEvaluation.scoreResults(corpus, o.nabResults, System.out);
        } else {
            NabEvaluation.detectAndScore(corpus, DetectionConfig.load(o.config), o.detector, o.threads,
                    o.out != null ? o.out : Path.of("target/evaluation/nab"), System.out);
        }
        return 0;
    }

    private static void write(Options o, DetectionConfig config, Path dataDir, int channels, long points, long runs,
            double seconds, Map<String, List<Detection>> detections, Evaluation.Scores scores) {
        try {
            Files.createDirectories(o.out);
            Detection.writeCsv(o.out.resolve("detections.csv"), detections);
            List<String> header = new ArrayList<>();
            header.add("# Evaluation report");
            header.add("");
            header.add("- data: `" + dataDir + "`, " + channels + " channels, " + points + " points");
            header.add("- configuration: `" + o.config + "` (fingerprint " + config.fingerprint() + ")");
            header.add("- runs scored: " + (o.detector == null ? "union of all detectors' events" : "detector "
                    + o.detector));
            header.add(String.format(Locale.ROOT, "- detection wall time: %.1f s on %d threads; %d runs written to "
                    + "detections.csv", seconds, o.threads, runs));
            header.add("- scoring: event level per labels row (DESIGN.md); coverage = flagged test points / test "
                    + "points; delay = detected index - labelled start");
            Files.writeString(o.out.resolve("report.md"), EvaluationReport.markdown(scores, header),
                    StandardCharsets.UTF_8);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("data_dir", dataDir.toString());
            meta.put("config", o.config.toString());
            meta.put("fingerprint", config.fingerprint());
            meta.put("detector", o.detector == null ? "union" : o.detector);
            meta.put("channels", channels);
            meta.put("points", points);
            meta.put("runs", runs);
            meta.put("seconds", seconds);
            Files.writeString(o.out.resolve("report.json"), EvaluationReport.json(scores, meta), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sweep(Options o, DetectionConfig config, List<DatasetChannel> channels, Labels labels) {
        System.out.println();
        System.out.println("| threshold scale | TP | FP | FN | precision | recall | F0.5 | F1 | coverage |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (double scale : o.sweep) {
            DetectionConfig scaled = config.scaled(scale);
            Counts c = Evaluation.score(labels, Evaluation.detect(scaled, channels, o.detector, o.threads)).total();
            System.out.printf(Locale.ROOT, "| %.2f | %d | %d | %d | %.3f | %.3f | %.3f | %.3f | %.2f%% |%n", scale,
                    c.tp(), c.fp(), c.fn(), c.precision(), c.recall(), c.f05(), c.f1(), 100 * c.coverage());
        }
    }

    static final class Options {
        Path dataDir;
        Path data;
        String source = CsvDataset.DEFAULT_SOURCE;
        Path labels;
        Path config = Path.of("configs/detectors.yaml");
        Path out;
        String dataset = "telemanom";
        Path nabDir;
        Path nabResults;
        String detector;
        List<String> channels;
        int threads = Runtime.getRuntime().availableProcessors();
        List<Double> sweep;
        boolean benchmark;
        int folds;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--dataset" -> o.dataset = dataset(value(args, ++i, a));
                    case "--nab-dir" -> o.nabDir = Path.of(value(args, ++i, a));
                    case "--nab-results" -> o.nabResults = Path.of(value(args, ++i, a));
                    case "--data-dir" -> o.dataDir = Path.of(value(args, ++i, a));
                    case "--data" -> o.data = Path.of(value(args, ++i, a));
                    case "--source" -> o.source = value(args, ++i, a);
                    case "--labels" -> o.labels = Path.of(value(args, ++i, a));
                    case "--config" -> o.config = Path.of(value(args, ++i, a));
                    case "--out" -> o.out = Path.of(value(args, ++i, a));
                    case "--detector" -> o.detector = value(args, ++i, a);
                    case "--channels" -> o.channels = List.of(value(args, ++i, a).split(","));
                    case "--threads" -> o.threads = Integer.parseInt(value(args, ++i, a));
                    case "--sweep" -> {
                        o.sweep = new ArrayList<>();
                        for (String s : value(args, ++i, a).split(",")) {
                            o.sweep.add(Double.parseDouble(s));
                        }
                    }
                    case "--benchmark" -> o.benchmark = true;
                    case "--folds" -> o.folds = Integer.parseInt(value(args, ++i, a));
                    case "-h", "--help" -> o.help = true;
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
                }
            }
            return o;
        }

        private static String dataset(String name) {
            try {
                return DatasetKind.parse(name).wireName();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--dataset: " + e.getMessage());
            }
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}

package space.telemetry.evaluation.nab;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.data.DatasetChannel;
import space.telemetry.data.LabelRow;
import space.telemetry.data.Labels;
import space.telemetry.detection.DetectionConfig;
import space.telemetry.detection.DetectorSpec;
import space.telemetry.detection.OfflineDetection;
import space.telemetry.evaluation.score.Counts;
import space.telemetry.evaluation.score.Detection;
import space.telemetry.evaluation.score.Evaluation;
import space.telemetry.evaluation.score.EventScorer;
import space.telemetry.evaluation.score.Parallel;

/**
 * {@code ./evaluate --folds K}: channel cross-validation of the settings chosen from data. The labelled channels are
 * dealt into K {@link ChannelFolds}; for each fold, the threshold scale and the set of detectors whose events are
 * merged are chosen by F0.5 on the other K-1 folds and scored on the held-out fold. A detector's events depend only
 * on its own scores and threshold (the refractory period only mutes some of them: {@link OfflineDetection#raised}),
 * so one run per scale gives the events of every detector subset.
 */
public final class CrossValidation {
    /** Threshold scales tried when none are given (1.0, the shipped thresholds, among them). */
    public static final List<Double> DEFAULT_SCALES = List.of(0.8, 0.9, 1.0, 1.1, 1.25);
    private static final int MAX_DETECTORS_FOR_ALL_SUBSETS = 6;

    private CrossValidation() {
    }

    /** A candidate setting: every threshold multiplied by {@code scale}, the union of {@code detectors}' events. */
    public record Setting(double scale, Set<String> detectors) {
        String label(int configured) {
            return String.format(Locale.ROOT, "x%.2f, %s", scale,
                    detectors.size() == configured ? "all detectors" : String.join("+", detectors));
        }
    }

    /** One fold: the setting chosen on the other folds, its training F0.5 and the held-out counts. */
    public record Fold(int index, List<String> channels, Setting chosen, double trainF05, Counts heldOut,
            Counts shippedHeldOut) {
    }

    /** Runs the cross-validation and prints the per-fold table and the held-out mean ± sd. */
    public static List<Fold> run(DetectionConfig config, List<? extends DatasetChannel> channels, Labels labels, int k,
            List<Double> scales, int threads, PrintStream out) {
        List<DatasetChannel> labelled = channels.stream().filter(c -> !labels.forChannel(c.id()).isEmpty()).map(DatasetChannel.class::cast).toList();
        List<List<String>> folds = ChannelFolds.of(labelled.stream().map(DatasetChannel::id).toList(), k);
        List<String> names = config.detectors().stream().map(DetectorSpec::name).toList();
        long started = System.nanoTime();
        Map<Setting, Map<String, Counts>> counts = new LinkedHashMap<>();
        for (double scale : scales) {
            Map<String, Collection<AnomalyEvent>> events = detect(config.scaled(scale).withoutRefractory(), labelled,
                    threads);
            for (Set<String> subset : subsets(names)) {
                Map<String, Counts> byChannel = new HashMap<>();
                List<String> ordered = names.stream().filter(subset::contains).toList();
                events.forEach((channel, list) -> byChannel.put(channel, score(labels.forChannel(channel),
                        OfflineDetection.raised(list, ordered, config.events().refractory(),
                                config.events().promoteMuted()))));
                counts.put(new Setting(scale, subset), byChannel);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Setting shipped = new Setting(1.0, new TreeSet<>(names));
        List<Fold> result = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            List<String> held = folds.get(f);
            List<String> train = labelled.stream().map(DatasetChannel::id).filter(id -> !held.contains(id)).toList();
            Setting best = null;
            double bestF05 = Double.NEGATIVE_INFINITY;
            for (Map.Entry<Setting, Map<String, Counts>> e : counts.entrySet()) {
                double f05 = sum(e.getValue(), train).f05();
                if (f05 > bestF05 || (f05 == bestF05 && e.getKey().equals(shipped))) {
                    best = e.getKey();
                    bestF05 = f05;
                }
            }
            Map<String, Counts> shippedCounts = counts.get(shipped);
            result.add(new Fold(f + 1, held, best, bestF05, sum(counts.get(best), held),
                    shippedCounts == null ? null : sum(shippedCounts, held)));
        }
        print(out, result, labelled.size(), counts.size(), scales, names.size(), seconds, threads);
        return result;
    }

    private static void print(PrintStream out, List<Fold> folds, int channels, int settings, List<Double> scales,
            int configured, double seconds, int threads) {
        out.printf(Locale.ROOT, "%d-fold channel cross-validation over %d labelled channels; %d settings (threshold "
                + "scales %s x detector subsets) chosen by F0.5 on the training folds; detection %.1f s on %d threads%n",
                folds.size(), channels, settings, scales, seconds, threads);
        out.println();
        out.println("| fold | channels | chosen setting | train F0.5 | held-out TP | FP | FN | held-out F0.5 | F1 "
                + "| coverage | shipped held-out F0.5 |");
        out.println("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Counts pooled = Counts.ZERO;
        for (Fold f : folds) {
            Counts c = f.heldOut();
            pooled = pooled.plus(c);
            out.printf(Locale.ROOT, "| %d | %d | %s | %.3f | %d | %d | %d | %.3f | %.3f | %.2f%% | %s |%n", f.index(),
                    f.channels().size(), f.chosen().label(configured), f.trainF05(), c.tp(), c.fp(), c.fn(), c.f05(),
                    c.f1(), 100 * c.coverage(), f.shippedHeldOut() == null ? "-"
                            : String.format(Locale.ROOT, "%.3f", f.shippedHeldOut().f05()));
        }
        out.println();
        out.printf(Locale.ROOT, "held-out F0.5 of the chosen settings: mean %.3f ± %.3f (sd over folds); pooled "
                + "held-out TP %d FP %d FN %d, F0.5 %.3f, F1 %.3f%n", mean(folds, false), sd(folds, false),
                pooled.tp(), pooled.fp(), pooled.fn(), pooled.f05(), pooled.f1());
        if (folds.get(0).shippedHeldOut() != null) {
            out.printf(Locale.ROOT, "held-out F0.5 of the shipped setting (x1.00, all detectors; nothing chosen): "
                    + "mean %.3f ± %.3f%n", mean(folds, true), sd(folds, true));
        }
    }

    private static double mean(List<Fold> folds, boolean shipped) {
        return folds.stream().mapToDouble(f -> (shipped ? f.shippedHeldOut() : f.heldOut()).f05()).average()
                .orElse(Double.NaN);
    }

    private static double sd(List<Fold> folds, boolean shipped) {
        double mean = mean(folds, shipped);
        double squares = folds.stream().mapToDouble(f -> (shipped ? f.shippedHeldOut() : f.heldOut()).f05())
                .map(v -> (v - mean) * (v - mean)).sum();
        return folds.size() < 2 ? Double.NaN : Math.sqrt(squares / (folds.size() - 1));
    }

    private static Counts sum(Map<String, Counts> byChannel, List<String> channels) {
        Counts total = Counts.ZERO;
        for (String channel : channels) {
            total = total.plus(byChannel.get(channel));
        }
        return total;
    }

    private static Counts score(List<LabelRow> rows, List<AnomalyEvent> events) {
        List<Detection> runs = Detection.union(events);
        Counts total = Counts.ZERO;
        for (LabelRow row : rows) {
            total = total.plus(EventScorer.score(row, runs).counts());
        }
        return total;
    }

    /** Every non-empty subset of the detectors, or (over six detectors) all of them and each leave-one-out. */
    static List<Set<String>> subsets(List<String> names) {
        List<Set<String>> subsets = new ArrayList<>();
        subsets.add(new TreeSet<>(names));
        if (names.size() > MAX_DETECTORS_FOR_ALL_SUBSETS) {
            for (String left : names) {
                Set<String> rest = new TreeSet<>(names);
                rest.remove(left);
                subsets.add(rest);
            }
            return subsets;
        }
        for (int mask = (1 << names.size()) - 2; mask > 0; mask--) {
            Set<String> subset = new TreeSet<>();
            for (int i = 0; i < names.size(); i++) {
                if ((mask & (1 << i)) != 0) {
                    subset.add(names.get(i));
                }
            }
            subsets.add(subset);
        }
        return subsets;
    }

    private static Map<String, Collection<AnomalyEvent>> detect(DetectionConfig config, List<? extends DatasetChannel> channels,
            int threads) {
        return Parallel.map(channels, DatasetChannel::id, channel -> Evaluation.latestEvents(config, channel), threads);
    }
}

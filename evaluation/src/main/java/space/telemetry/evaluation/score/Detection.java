package space.telemetry.evaluation.score;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.Split;

/**
 * A detected run in a channel's TEST split, as exchanged in {@code detections.csv}: inclusive indices, the index at
 * which it was raised, the detector(s) and the score.
 */
public record Detection(String chanId, long startIndex, long endIndex, long detectedIndex, String detector,
        double score) {
    /** The CSV header of DESIGN.md. */
    public static final String CSV_HEADER = "chan_id,start_index,end_index,detected_index,detector,score";

    public Detection {
        if (startIndex < 0 || endIndex < startIndex || detectedIndex < startIndex) {
            throw new IllegalArgumentException("detection needs 0 <= start <= end and start <= detected, got "
                    + startIndex + ".." + endIndex + " detected at " + detectedIndex);
        }
    }

    /** One detector's test-split events, as runs (score = the event's peak score). */
    public static List<Detection> ofDetector(Collection<AnomalyEvent> events, String detector) {
        List<Detection> runs = new ArrayList<>();
        for (AnomalyEvent e : events) {
            if (e.split() == Split.TEST && e.detector().equals(detector)) {
                runs.add(new Detection(e.channel(), e.startIndex(), e.endIndex(), e.detectedIndex(), e.detector(),
                        e.peakScore()));
            }
        }
        runs.sort(ORDER);
        return runs;
    }

    /**
     * What an operator sees: the test-split events of all detectors merged into runs where they overlap or touch.
     * A merged run is raised at the earliest detection among its events; its detector is the sorted, '+'-joined
     * names of the detectors that contributed; its score is the largest peak in units of its detector's threshold
     * (peak / threshold), since raw scores of different detectors are not comparable.
     */
    public static List<Detection> union(Collection<AnomalyEvent> events) {
        List<AnomalyEvent> test = events.stream().filter(e -> e.split() == Split.TEST)
                .sorted(Comparator.comparingLong(AnomalyEvent::startIndex).thenComparingLong(AnomalyEvent::endIndex))
                .toList();
        List<Detection> runs = new ArrayList<>();
        int i = 0;
        while (i < test.size()) {
            AnomalyEvent first = test.get(i);
            long start = first.startIndex();
            long end = first.endIndex();
            long detected = first.detectedIndex();
            double score = relative(first);
            TreeSet<String> names = new TreeSet<>();
            names.add(first.detector());
            int j = i + 1;
            while (j < test.size() && test.get(j).startIndex() <= end + 1) {
                AnomalyEvent next = test.get(j);
                end = Math.max(end, next.endIndex());
                detected = Math.min(detected, next.detectedIndex());
                score = Math.max(score, relative(next));
                names.add(next.detector());
                j++;
            }
            runs.add(new Detection(first.channel(), start, end, detected, String.join("+", names), score));
            i = j;
        }
        runs.sort(ORDER);
        return runs;
    }

    private static double relative(AnomalyEvent e) {
        return e.threshold() > 0 ? e.peakScore() / e.threshold() : e.peakScore();
    }

    /** By channel, then start. */
    public static final Comparator<Detection> ORDER = Comparator.comparing(Detection::chanId)
            .thenComparingLong(Detection::startIndex).thenComparingLong(Detection::endIndex);

    public String toCsv() {
        return chanId + "," + startIndex + "," + endIndex + "," + detectedIndex + "," + detector + ","
                + String.format(Locale.ROOT, "%.6g", score);
    }

    /** Writes detections.csv, channels in the map's order. */
    public static void writeCsv(Path file, Map<String, List<Detection>> byChannel) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(CSV_HEADER);
            out.write('\n');
            for (List<Detection> runs : byChannel.values()) {
                for (Detection d : runs) {
                    out.write(d.toCsv());
                    out.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a detections.csv written by {@link #writeCsv}. */
    public static List<Detection> readCsv(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).strip().equals(CSV_HEADER)) {
                throw new IllegalArgumentException(file + ": expected the header " + CSV_HEADER);
            }
            List<Detection> detections = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                String[] f = lines.get(i).split(",", -1);
                if (f.length != 6) {
                    throw new IllegalArgumentException(file + ": line " + (i + 1) + " needs 6 fields");
                }
                detections.add(new Detection(f[0].strip(), Long.parseLong(f[1].strip()), Long.parseLong(f[2].strip()),
                        Long.parseLong(f[3].strip()), f[4].strip(), Double.parseDouble(f[5].strip())));
            }
            return detections;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

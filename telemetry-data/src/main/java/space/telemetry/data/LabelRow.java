package space.telemetry.data;

import java.util.List;

/**
 * One row of {@code labeled_anomalies.csv}; a channel may have several rows (P-2 has two), each scored on its own.
 *
 * @param chanId     channel id, e.g. {@code P-1}
 * @param spacecraft as written in the file, e.g. {@code SMAP}
 * @param sequences  inclusive [start, end] test indices
 * @param classes    one class per sequence, e.g. {@code contextual} or {@code point}
 * @param numValues  length of the test array
 * @param line       1-based line in the file (0 when not read from a file)
 */
public record LabelRow(String chanId, String spacecraft, List<AnomalySequence> sequences, List<String> classes,
        long numValues, int line) {
    public LabelRow {
        sequences = List.copyOf(sequences);
        classes = List.copyOf(classes);
    }
}

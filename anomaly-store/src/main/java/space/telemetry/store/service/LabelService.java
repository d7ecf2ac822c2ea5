package space.telemetry.store.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import space.telemetry.http.Problem;
import space.telemetry.http.ProblemException;
import space.telemetry.store.repository.LabelRepository;

/** Imports labels files, lists labels, and exports the confirmed events as a labels file. */
@ApplicationScoped
public class LabelService {
    /** Most labels GET /labels returns. */
    public static final int MAX_LIST = 10_000;
    /** The class of every exported sequence. */
    public static final String EXPORT_CLASS = "confirmed";

    private final LabelRepository repository;

    public LabelService(LabelRepository repository) {
        this.repository = repository;
    }

    /** The outcome of an import: sequences new or changed, and sequences already stored as they are. */
    @Schema(name = "LabelImport", description = "Outcome of a labels import.")
    public record ImportResult(
            String source,
            @Schema(description = "Sequences stored new (or with a changed class)") int imported,
            @Schema(description = "Sequences already stored as they are") int unchanged) {
    }

    /**
     * Parses a whole labels file, then stores all its sequences under {@code source} in one statement: a malformed
     * file fails with a 400 problem naming the line, and nothing is stored.
     */
    public Uni<ImportResult> importCsv(String source, String csv, String author) {
        String by = Author.of(author);
        List<LabelsCsv.Row> rows;
        try {
            rows = LabelsCsv.parse(csv);
        } catch (LabelsCsv.FormatException e) {
            throw new ProblemException(400, Problem.BLANK, "Malformed labels file", e.getMessage(), null, null);
        }
        // a sequence listed twice (e.g. in two rows of one channel) is one label: the later row's class wins
        Map<String, LabelRepository.NewLabel> labels = new LinkedHashMap<>();
        for (LabelsCsv.Row row : rows) {
            for (LabelsCsv.Sequence sequence : row.sequences()) {
                labels.put(row.channel() + '\u0000' + sequence.start() + '\u0000' + sequence.end(),
                        new LabelRepository.NewLabel(row.channel(), row.spacecraft(), sequence.start(),
                                sequence.end(), sequence.labelClass()));
            }
        }
        List<LabelRepository.NewLabel> distinct = new ArrayList<>(labels.values());
        if (distinct.isEmpty()) {
            return Uni.createFrom().item(new ImportResult(source, 0, 0));
        }
        return repository.importLabels(source, by, distinct)
                .map(changed -> new ImportResult(source, changed, distinct.size() - changed));
    }

    /** Labels of one channel, or of all (at most {@link #MAX_LIST}). */
    public Uni<List<Label>> list(String channel) {
        return repository.list(channel, MAX_LIST);
    }

    /**
     * The confirmed test-split events as a labels file: one row per channel, its events' [start, end] as sequences
     * (overlapping ones, e.g. of two detectors, merged into one), class {@value #EXPORT_CLASS}, num_values the
     * channel's test length as far as the store knows it.
     */
    public Uni<String> exportConfirmed() {
        return repository.confirmedEvents().map(events -> {
            List<LabelsCsv.Row> rows = new ArrayList<>();
            int i = 0;
            while (i < events.size()) {
                LabelRepository.ConfirmedEvent first = events.get(i);
                List<LabelsCsv.Sequence> sequences = new ArrayList<>();
                long start = first.startIndex();
                long end = first.endIndex();
                for (; i < events.size() && events.get(i).channel().equals(first.channel()); i++) {
                    LabelRepository.ConfirmedEvent event = events.get(i);
                    if (event.startIndex() > end) {
                        sequences.add(new LabelsCsv.Sequence(start, end, EXPORT_CLASS));
                        start = event.startIndex();
                    }
                    end = Math.max(end, event.endIndex());
                }
                sequences.add(new LabelsCsv.Sequence(start, end, EXPORT_CLASS));
                rows.add(new LabelsCsv.Row(0, first.channel(), first.spacecraft(), sequences, first.numValues()));
            }
            return LabelsCsv.write(rows);
        });
    }
}

package space.telemetry.store.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import space.telemetry.store.service.Label;

/** Imports and reads table {@code labels}, and reads the confirmed events for the labels export. */
@ApplicationScoped
public class LabelRepository {
    /**
     * Every sequence of an import in one statement (unnest of column arrays): a new sequence is inserted, a known one
     * whose class or spacecraft changed is updated, an identical one is left alone; the row count is new + changed.
     */
    static final String IMPORT = """
            INSERT INTO labels (source, channel, spacecraft, split, start_index, end_index, label_class, imported_by)
            SELECT $1, u.channel, u.spacecraft, 'test', u.start_index, u.end_index, u.label_class, $2
            FROM unnest($3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::text[])
                AS u(channel, spacecraft, start_index, end_index, label_class)
            ON CONFLICT ON CONSTRAINT labels_sequence_unique DO UPDATE
                SET spacecraft = excluded.spacecraft, label_class = excluded.label_class,
                    imported_at = now(), imported_by = excluded.imported_by
                WHERE labels.spacecraft <> excluded.spacecraft OR labels.label_class <> excluded.label_class
            """;
    static final String LIST = """
            SELECT id, source, channel, spacecraft, split, start_index, end_index, label_class, imported_at, imported_by
            FROM labels WHERE $1::text IS NULL OR channel = $1
            ORDER BY channel, split DESC, start_index, end_index, source LIMIT $2
            """;
    /**
     * The test-split events whose latest verdict is "confirmed", by channel and start, each with its channel's test
     * length: the latest test point's index + 1 or the furthest end index of the channel's test events + 1.
     */
    static final String CONFIRMED = """
            WITH confirmed AS (
                SELECT e.channel, e.spacecraft, e.start_index, e.end_index
                FROM events e
                WHERE e.split = 'test'
                  AND (SELECT v.verdict FROM verdicts v WHERE v.event_id = e.id ORDER BY v.id DESC LIMIT 1) = 'confirmed'
            ), lengths AS (
                SELECT ch.channel, greatest(
                    (SELECT c.last_index + 1 FROM channels c WHERE c.channel = ch.channel AND c.last_split = 'test'),
                    (SELECT max(e.end_index) + 1 FROM events e WHERE e.channel = ch.channel AND e.split = 'test'))
                    AS num_values
                FROM (SELECT DISTINCT channel FROM confirmed) ch
            )
            SELECT c.channel, c.spacecraft, c.start_index, c.end_index, l.num_values
            FROM confirmed c JOIN lengths l ON l.channel = c.channel
            ORDER BY c.channel, c.start_index, c.end_index
            """;

    private final Pool pool;

    public LabelRepository(Pool pool) {
        this.pool = pool;
    }

    /** One sequence to import (test split). */
    public record NewLabel(String channel, String spacecraft, long startIndex, long endIndex, String labelClass) {
    }

    /** One confirmed test-split event and its channel's test length. */
    public record ConfirmedEvent(String channel, String spacecraft, long startIndex, long endIndex,
            long numValues) {
    }

    /** Imports the sequences in one statement (all or nothing); returns how many were new or changed. */
    public Uni<Integer> importLabels(String source, String author, List<NewLabel> labels) {
        int n = labels.size();
        String[] channels = new String[n];
        String[] spacecraft = new String[n];
        Long[] starts = new Long[n];
        Long[] ends = new Long[n];
        String[] classes = new String[n];
        for (int i = 0; i < n; i++) {
            NewLabel label = labels.get(i);
            channels[i] = label.channel();
            spacecraft[i] = label.spacecraft();
            starts[i] = label.startIndex();
            ends[i] = label.endIndex();
            classes[i] = label.labelClass();
        }
        Tuple parameters = Tuple.tuple().addString(source).addString(author).addArrayOfString(channels)
                .addArrayOfString(spacecraft).addArrayOfLong(starts).addArrayOfLong(ends).addArrayOfString(classes);
        return pool.preparedQuery(IMPORT).execute(parameters).map(rows -> rows.rowCount());
    }

    /** Labels of one channel (all when null), by channel, split and start, at most {@code limit}. */
    public Uni<List<Label>> list(String channel, int limit) {
        return pool.preparedQuery(LIST).execute(Tuple.tuple().addString(channel).addInteger(limit)).map(rows -> {
            List<Label> labels = new ArrayList<>(rows.size());
            for (Row row : rows) {
                labels.add(new Label(row.getLong("id"), row.getString("source"), row.getString("channel"),
                        row.getString("spacecraft"), row.getString("split"), row.getLong("start_index"),
                        row.getLong("end_index"), row.getString("label_class"),
                        row.getOffsetDateTime("imported_at").toInstant(), row.getString("imported_by")));
            }
            return labels;
        });
    }

    /** The confirmed test-split events with their channels' test lengths. */
    public Uni<List<ConfirmedEvent>> confirmedEvents() {
        return pool.preparedQuery(CONFIRMED).execute().map(rows -> {
            List<ConfirmedEvent> events = new ArrayList<>(rows.size());
            for (Row row : rows) {
                events.add(new ConfirmedEvent(row.getString("channel"), row.getString("spacecraft"),
                        row.getLong("start_index"), row.getLong("end_index"), row.getLong("num_values")));
            }
            return events;
        });
    }
}

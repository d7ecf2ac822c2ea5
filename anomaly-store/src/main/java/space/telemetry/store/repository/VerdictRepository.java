package space.telemetry.store.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import space.telemetry.store.service.Verdict;

/** Appends to and reads table {@code verdicts} over the reactive PostgreSQL client. */
@ApplicationScoped
public class VerdictRepository {
    /** Inserts a verdict only when the event exists (one statement: no row returned means no such event). */
    static final String INSERT = """
            INSERT INTO verdicts (event_id, verdict, note, author)
            SELECT id, $2, $3, $4 FROM events WHERE id = $1
            RETURNING id, event_id, verdict, note, author, created_at
            """;
    static final String HISTORY = """
            SELECT id, event_id, verdict, note, author, created_at FROM verdicts
            WHERE event_id = $1 ORDER BY id DESC LIMIT $2
            """;
    static final String EVENT_EXISTS = "SELECT EXISTS (SELECT 1 FROM events WHERE id = $1)";

    private final Pool pool;

    public VerdictRepository(Pool pool) {
        this.pool = pool;
    }

    /** Records a verdict; null when there is no event with this id. */
    public Uni<Verdict> insert(UUID eventId, String verdict, String note, String author) {
        return pool.preparedQuery(INSERT).execute(Tuple.of(eventId, verdict, note, author))
                .map(rows -> rows.size() == 0 ? null : verdict(rows.iterator().next()));
    }

    /** The event's verdicts, newest first, at most {@code limit}. */
    public Uni<List<Verdict>> history(UUID eventId, int limit) {
        return pool.preparedQuery(HISTORY).execute(Tuple.of(eventId, limit)).map(VerdictRepository::verdicts);
    }

    /** Whether an event with this id is stored. */
    public Uni<Boolean> eventExists(UUID eventId) {
        return pool.preparedQuery(EVENT_EXISTS).execute(Tuple.of(eventId))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    private static List<Verdict> verdicts(RowSet<Row> rows) {
        List<Verdict> verdicts = new ArrayList<>(rows.size());
        for (Row row : rows) {
            verdicts.add(verdict(row));
        }
        return verdicts;
    }

    private static Verdict verdict(Row row) {
        return new Verdict(row.getLong("id"), row.getUUID("event_id"), row.getString("verdict"),
                row.getString("note"), row.getString("author"), row.getOffsetDateTime("created_at").toInstant());
    }
}

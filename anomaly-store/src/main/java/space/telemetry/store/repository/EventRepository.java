package space.telemetry.store.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import space.telemetry.contract.AnomalyEvent;

/** Reads and upserts rows of table {@code events}. */
@ApplicationScoped
public class EventRepository implements PanacheRepositoryBase<EventEntity, UUID> {

    /** Inserts the event, or replaces the stored version unless that one has a higher revision. */
    static final String UPSERT = """
            INSERT INTO events (id, spacecraft, channel, detector, split, start_index, end_index, detected_index,
                                start_time, end_time, detected_time, peak_score, threshold, state, revision)
            VALUES (:id, :spacecraft, :channel, :detector, :split, :startIndex, :endIndex, :detectedIndex,
                    :startTime, :endTime, :detectedTime, :peakScore, :threshold, :state, :revision)
            ON CONFLICT (id) DO UPDATE SET
                spacecraft = excluded.spacecraft, channel = excluded.channel, detector = excluded.detector,
                split = excluded.split, start_index = excluded.start_index, end_index = excluded.end_index,
                detected_index = excluded.detected_index, start_time = excluded.start_time,
                end_time = excluded.end_time, detected_time = excluded.detected_time,
                peak_score = excluded.peak_score, threshold = excluded.threshold, state = excluded.state,
                revision = excluded.revision, updated_at = now()
            WHERE events.revision <= excluded.revision
            """;

    private static final Sort NEWEST_FIRST = Sort.by("startTime", Sort.Direction.Descending)
            .and("id", Sort.Direction.Descending);

    /**
     * Stores one event in its own transaction and reads the row back as stored (with its verdict).
     *
     * @return the stored row, or null when a version with a higher revision is already stored
     */
    @WithTransaction
    public Uni<EventEntity> upsertAndRead(UUID id, AnomalyEvent event) {
        return write(id, event).chain(written -> written ? findById(id) : Uni.createFrom().nullItem());
    }

    /**
     * Runs {@link #upsertAndRead}'s statements and a flush for an event in a transaction that is rolled back, so that
     * nothing is stored: it loads and links the classes, lambdas and query plans of that path before a real event
     * needs them (cold, the store's first event took 0.6-2 s longer than the later ones).
     */
    @WithTransaction
    public Uni<Void> rehearseUpsert(UUID id, AnomalyEvent event) {
        return Panache.currentTransaction().invoke(Mutiny.Transaction::markForRollback)
                .chain(() -> write(id, event))
                .chain(() -> findById(id))
                .chain(() -> getSession().chain(Mutiny.Session::flush))
                .replaceWithVoid();
    }

    /** A channel's events overlapping [from, to] (null: open), by start time, at most {@code limit}. */
    public Uni<List<EventEntity>> overlapping(String channel, Instant from, Instant to, int limit) {
        Where where = where(new EventFilter(channel, null, null, null, from, to));
        return find(where.query(), Sort.by("startTime").and("id"), where.parameters()).page(Page.ofSize(limit))
                .list();
    }

    private Uni<Boolean> write(UUID id, AnomalyEvent event) {
        return getSession().chain(session -> session.createNativeQuery(UPSERT)
                .setParameter("id", id)
                .setParameter("spacecraft", event.spacecraft())
                .setParameter("channel", event.channel())
                .setParameter("detector", event.detector())
                .setParameter("split", event.split().wireName())
                .setParameter("startIndex", event.startIndex())
                .setParameter("endIndex", event.endIndex())
                .setParameter("detectedIndex", event.detectedIndex())
                .setParameter("startTime", event.startTime().atOffset(ZoneOffset.UTC))
                .setParameter("endTime", event.endTime().atOffset(ZoneOffset.UTC))
                .setParameter("detectedTime", event.detectedTime().atOffset(ZoneOffset.UTC))
                .setParameter("peakScore", event.peakScore())
                .setParameter("threshold", event.threshold())
                .setParameter("state", event.state().wireName())
                .setParameter("revision", event.revision())
                .executeUpdate())
                .map(rows -> rows > 0);
    }

    /** One page of the matching events, newest (latest start) first. */
    public Uni<List<EventEntity>> search(EventFilter filter, int page, int size) {
        Where where = where(filter);
        return (where.isEmpty() ? findAll(NEWEST_FIRST) : find(where.query(), NEWEST_FIRST, where.parameters()))
                .page(Page.of(page, size))
                .list();
    }

    /** Number of matching events. */
    public Uni<Long> count(EventFilter filter) {
        Where where = where(filter);
        return where.isEmpty() ? count() : count(where.query(), where.parameters());
    }

    /** Per-channel aggregates, optionally of one spacecraft, ordered by spacecraft and channel. */
    public Uni<List<ChannelAggregate>> aggregateByChannel(String spacecraft) {
        String hql = "select e.spacecraft, e.channel, count(e),"
                + " sum(case when e.state = 'open' then 1 else 0 end),"
                + " sum(case when e.state = 'closed' then 1 else 0 end),"
                + " min(e.startTime), max(e.endTime), max(e.peakScore)"
                + " from EventEntity e" + (spacecraft == null ? "" : " where e.spacecraft = :spacecraft")
                + " group by e.spacecraft, e.channel order by e.spacecraft, e.channel";
        return rowsOf(hql, spacecraft).map(rows -> rows.stream()
                .map(row -> new ChannelAggregate((String) row[0], (String) row[1], number(row[2]), number(row[3]),
                        number(row[4]), (Instant) row[5], (Instant) row[6], ((Number) row[7]).doubleValue()))
                .toList());
    }

    /** Event counts per spacecraft, channel and detector, optionally of one spacecraft. */
    public Uni<List<DetectorCount>> countByDetector(String spacecraft) {
        String hql = "select e.spacecraft, e.channel, e.detector, count(e) from EventEntity e"
                + (spacecraft == null ? "" : " where e.spacecraft = :spacecraft")
                + " group by e.spacecraft, e.channel, e.detector";
        return rowsOf(hql, spacecraft).map(rows -> rows.stream()
                .map(row -> new DetectorCount((String) row[0], (String) row[1], (String) row[2], number(row[3])))
                .toList());
    }

    /** Runs an aggregate query whose only parameter is the optional spacecraft. */
    private Uni<List<Object[]>> rowsOf(String hql, String spacecraft) {
        return getSession().chain(session -> {
            var query = session.createQuery(hql, Object[].class);
            if (spacecraft != null) {
                query.setParameter("spacecraft", spacecraft);
            }
            return query.getResultList();
        });
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Where where(EventFilter filter) {
        StringJoiner query = new StringJoiner(" and ");
        Parameters parameters = new Parameters();
        condition(query, parameters, "channel = :channel", "channel", filter.channel());
        condition(query, parameters, "spacecraft = :spacecraft", "spacecraft", filter.spacecraft());
        condition(query, parameters, "detector = :detector", "detector", filter.detector());
        condition(query, parameters, "state = :state", "state", filter.state());
        condition(query, parameters, "endTime >= :from", "from", filter.from()); // the event overlaps [from, to]
        condition(query, parameters, "startTime <= :to", "to", filter.to());
        if (EventFilter.NO_VERDICT.equals(filter.verdict())) {
            query.add("verdict is null");
        } else {
            condition(query, parameters, "verdict = :verdict", "verdict", filter.verdict());
        }
        return new Where(query.length() == 0 ? "" : query.toString(), parameters);
    }

    private static void condition(StringJoiner query, Parameters parameters, String clause, String name,
            Object value) {
        if (value != null) {
            query.add(clause);
            parameters.and(name, value);
        }
    }

    private record Where(String query, Parameters parameters) {
        boolean isEmpty() {
            return query.isEmpty();
        }
    }
}

package space.telemetry.store.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * Writes tables {@code points} and {@code channels} with the reactive PostgreSQL client: a batch is one multi-row
 * statement per table (arrays unnested on the server), in one transaction.
 */
@ApplicationScoped
public class PointRepository {
    /** New points; fails on the primary key when one is stored already. Times travel as epoch millis. */
    static final String INSERT_NEW_POINTS = """
            INSERT INTO points (channel, split, idx, time, value, score, threshold)
            SELECT channel, split, idx, timestamptz 'epoch' + millis * interval '1 millisecond', value, score,
                   threshold
            FROM unnest($1::text[], $2::text[], $3::int8[], $4::int8[], $5::float8[], $6::float4[], $7::float4[])
                 AS p(channel, split, idx, millis, value, score, threshold)
            """;

    /** Idempotent on (channel, split, idx): a re-delivered point changes nothing. */
    static final String INSERT_POINTS = INSERT_NEW_POINTS + "ON CONFLICT (channel, split, idx) DO NOTHING\n";

    /** SQLSTATE unique_violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    /** The latest point per channel; a row only moves forward (time, then test after train, then index). */
    static final String UPSERT_CHANNELS = """
            INSERT INTO channels AS c (channel, spacecraft, last_split, last_index, last_time, last_value,
                                       last_score, threshold, updated_at)
            SELECT channel, spacecraft, split, idx, timestamptz 'epoch' + millis * interval '1 millisecond', value,
                   score, threshold, now()
            FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::int8[], $6::float8[], $7::float4[],
                        $8::float4[]) AS l(channel, spacecraft, split, idx, millis, value, score, threshold)
            ON CONFLICT (channel) DO UPDATE SET
                spacecraft = excluded.spacecraft, last_split = excluded.last_split,
                last_index = excluded.last_index, last_time = excluded.last_time,
                last_value = excluded.last_value, last_score = excluded.last_score,
                threshold = excluded.threshold, updated_at = now()
            WHERE (excluded.last_time, excluded.last_split = 'test', excluded.last_index)
                > (c.last_time, c.last_split = 'test', c.last_index)
            """;

    /** Per channel, the points older than its latest point minus the retention (telemetry time). */
    static final String DELETE_EXPIRED = """
            DELETE FROM points p USING channels c
            WHERE p.channel = c.channel AND p.time < c.last_time - $1::int8 * interval '1 millisecond'
            """;

    private final Pool pool;

    public PointRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores the rows and moves the channels' latest points forward, in one transaction. A plain insert first (a
     * third cheaper in PostgreSQL than one with ON CONFLICT, and new points are the rule); a batch holding points
     * already stored (a re-delivery) fails on the primary key and is inserted again, skipping those.
     *
     * @return the number of points inserted (re-delivered ones are not counted)
     */
    public Uni<Integer> store(ScoreRows rows) {
        return store(rows, INSERT_NEW_POINTS)
                .onFailure(PointRepository::isUniqueViolation).recoverWithUni(() -> store(rows, INSERT_POINTS));
    }

    private Uni<Integer> store(ScoreRows rows, String insert) {
        return pool.withTransaction(connection -> insertPoints(connection, rows, insert)
                .call(() -> upsertChannels(connection, rows)));
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    private static Uni<Integer> insertPoints(SqlConnection connection, ScoreRows rows, String insert) {
        return connection.preparedQuery(insert).execute(Tuple.tuple(List.<Object>of(rows.channels(),
                rows.splits(), rows.indices(), rows.times(), rows.values(), rows.scores(), rows.thresholds())))
                .map(result -> result.rowCount());
    }

    private static Uni<Void> upsertChannels(SqlConnection connection, ScoreRows rows) {
        ScoreRows.Latest latest = rows.latest();
        return connection.preparedQuery(UPSERT_CHANNELS).execute(Tuple.tuple(List.<Object>of(latest.channels(),
                latest.spacecraft(), latest.splits(), latest.indices(), latest.times(), latest.values(),
                latest.scores(), latest.thresholds()))).replaceWithVoid();
    }

    /** Deletes the points past the retention; returns how many. */
    public Uni<Integer> deleteExpired(Duration retention) {
        return pool.preparedQuery(DELETE_EXPIRED).execute(Tuple.of(retention.toMillis()))
                .map(result -> result.rowCount());
    }
}

package space.telemetry.store.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import space.telemetry.store.service.ChannelState;
import space.telemetry.store.service.SeriesLabel;
import space.telemetry.store.service.SeriesPoints;

/** Reads tables {@code points}, {@code channels} and {@code labels} for the series API (reactive PostgreSQL client). */
@ApplicationScoped
public class SeriesRepository {
    /** A channel's points in [from, to] (null: open) in time order, at most $4: one range scan of (channel, time). */
    static final String RANGE = """
            SELECT floor(extract(epoch FROM time) * 1000)::bigint AS t, split, idx, value, score, threshold
            FROM points
            WHERE channel = $1
              AND time >= coalesce($2::timestamptz, '-infinity') AND time <= coalesce($3::timestamptz, 'infinity')
            ORDER BY time, idx
            LIMIT $4
            """;

    /**
     * A long range, downsampled by PostgreSQL: a channel's points in [from, to] (null: open), in one range scan of
     * index (channel, time). When there are more than $4, ntile cuts them into $5 buckets of consecutive points and only each bucket's first min-value and first
     * max-value points remain, carrying the bucket's highest score. Every row also carries the count and the first
     * and last time of all points in the range.
     */
    static final String POINTS = """
            SELECT floor(extract(epoch FROM time) * 1000)::bigint AS t, split, idx, value,
                   CASE WHEN total <= $4 THEN score ELSE bucket_score END AS score, threshold,
                   total, first_time, last_time
            FROM (
                SELECT b.*, max(score) OVER (PARTITION BY bucket) AS bucket_score,
                       row_number() OVER (PARTITION BY bucket ORDER BY value, time) AS lo,
                       row_number() OVER (PARTITION BY bucket ORDER BY value DESC, time) AS hi
                FROM (
                    SELECT time, split, idx, value, score, threshold,
                           count(*) OVER () AS total, min(time) OVER () AS first_time, max(time) OVER () AS last_time,
                           ntile($5) OVER (ORDER BY time, idx) AS bucket
                    FROM points
                    WHERE channel = $1
                      AND time >= coalesce($2::timestamptz, '-infinity') AND time <= coalesce($3::timestamptz, 'infinity')
                ) b
            ) q
            WHERE total <= $4 OR lo = 1 OR hi = 1
            ORDER BY time, idx
            """;

    /** Whether the channel is known (latest point, events or points) and its spacecraft. */
    static final String CHANNEL = """
            SELECT coalesce((SELECT spacecraft FROM channels WHERE channel = $1),
                            (SELECT spacecraft FROM events WHERE channel = $1 LIMIT 1)) AS spacecraft,
                   EXISTS (SELECT 1 FROM channels WHERE channel = $1)
                       OR EXISTS (SELECT 1 FROM events WHERE channel = $1)
                       OR EXISTS (SELECT 1 FROM points WHERE channel = $1) AS known
            """;

    /**
     * Every channel with a latest point or with events, with its event counts: channels FULL JOIN the events per
     * channel, ordered by spacecraft and channel.
     */
    static final String CHANNELS = """
            WITH ev AS (
                SELECT channel, min(spacecraft) AS spacecraft, count(*) AS anomalies,
                       count(*) FILTER (WHERE state = 'open') AS open_anomalies, max(start_time) AS last_anomaly
                FROM events GROUP BY channel
            )
            SELECT coalesce(c.channel, ev.channel) AS channel, coalesce(c.spacecraft, ev.spacecraft) AS spacecraft,
                   c.last_split, c.last_index, c.last_time, c.last_value, c.last_score, c.threshold, c.updated_at,
                   coalesce(ev.anomalies, 0) AS anomalies, coalesce(ev.open_anomalies, 0) AS open_anomalies,
                   ev.last_anomaly
            FROM channels c FULL JOIN ev ON ev.channel = c.channel
            WHERE $1::text IS NULL OR coalesce(c.spacecraft, ev.spacecraft) = $1
            ORDER BY 2, 1
            LIMIT $2 OFFSET $3
            """;

    /**
     * A channel's labels overlapping [from, to], their index times looked up in points (null when not stored); a label
     * whose time is unknown is not excluded by it.
     */
    static final String LABELS = """
            SELECT l.id, l.source, l.split, l.start_index, l.end_index, l.label_class,
                   ps.time AS start_time, pe.time AS end_time
            FROM labels l
            LEFT JOIN points ps ON ps.channel = l.channel AND ps.split = l.split AND ps.idx = l.start_index
            LEFT JOIN points pe ON pe.channel = l.channel AND pe.split = l.split AND pe.idx = l.end_index
            WHERE l.channel = $1
              AND (ps.time IS NULL OR $3::timestamptz IS NULL OR ps.time <= $3)
              AND (pe.time IS NULL OR $2::timestamptz IS NULL OR pe.time >= $2)
            ORDER BY l.split DESC, l.start_index, l.end_index, l.source
            LIMIT $4
            """;

    private final Pool pool;

    public SeriesRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Points of a range, downsampled to at most {@code maxPoints} (2 per bucket) when there are more: ranges of up to
     * {@code inMemoryPoints} are read whole and downsampled here, longer ones by PostgreSQL.
     */
    public Uni<PointRange> points(String channel, Instant from, Instant to, int maxPoints, int inMemoryPoints) {
        Tuple parameters = Tuple.tuple().addString(channel).addOffsetDateTime(offset(from))
                .addOffsetDateTime(offset(to)).addInteger(inMemoryPoints + 1);
        return pool.preparedQuery(RANGE).execute(parameters).chain(rows -> rows.size() <= inMemoryPoints
                ? Uni.createFrom().item(Downsampling.of(rows, maxPoints))
                : downsampledInDatabase(channel, from, to, maxPoints));
    }

    /** Points of a range, downsampled by PostgreSQL to at most {@code maxPoints} when there are more. */
    public Uni<PointRange> downsampledInDatabase(String channel, Instant from, Instant to, int maxPoints) {
        Tuple parameters = Tuple.tuple().addString(channel).addOffsetDateTime(offset(from))
                .addOffsetDateTime(offset(to)).addLong((long) maxPoints).addInteger(Math.max(1, maxPoints / 2));
        return pool.preparedQuery(POINTS).execute(parameters).map(SeriesRepository::pointRange);
    }

    /** The spacecraft of a known channel (null when no source names it), or empty when the channel is unknown. */
    public Uni<ChannelLookup> channel(String channel) {
        return pool.preparedQuery(CHANNEL).execute(Tuple.of(channel)).map(rows -> {
            Row row = rows.iterator().next();
            return new ChannelLookup(row.getBoolean("known"), row.getString("spacecraft"));
        });
    }

    /** Every channel with its latest point and event counts, of one spacecraft when given. */
    public Uni<List<ChannelState>> channels(String spacecraft, long offset, int limit) {
        return pool.preparedQuery(CHANNELS).execute(Tuple.of(spacecraft, limit, offset)).map(rows -> {
            List<ChannelState> channels = new ArrayList<>(rows.size());
            for (Row row : rows) {
                channels.add(new ChannelState(row.getString("channel"), row.getString("spacecraft"),
                        row.getString("last_split"), row.getLong("last_index"), instant(row, "last_time"),
                        row.getDouble("last_value"), row.getFloat("last_score"), row.getFloat("threshold"),
                        instant(row, "updated_at"), row.getLong("anomalies"), row.getLong("open_anomalies"),
                        instant(row, "last_anomaly")));
            }
            return channels;
        });
    }

    /** A channel's labels overlapping [from, to] (null: open), at most {@code limit}. */
    public Uni<List<SeriesLabel>> labels(String channel, Instant from, Instant to, int limit) {
        Tuple parameters = Tuple.tuple().addString(channel).addOffsetDateTime(offset(from))
                .addOffsetDateTime(offset(to)).addInteger(limit);
        return pool.preparedQuery(LABELS).execute(parameters).map(rows -> {
            List<SeriesLabel> labels = new ArrayList<>(rows.size());
            for (Row row : rows) {
                labels.add(new SeriesLabel(row.getLong("id"), row.getString("source"), row.getString("split"),
                        row.getLong("start_index"), row.getLong("end_index"), instant(row, "start_time"),
                        instant(row, "end_time"), row.getString("label_class")));
            }
            return labels;
        });
    }

    /** Whether a channel is known, and its spacecraft. */
    public record ChannelLookup(boolean known, String spacecraft) {
    }

    /** The points of a range as columns, with the count and the first and last time of all points in it. */
    public record PointRange(SeriesPoints points, long total, Instant firstTime, Instant lastTime) {
    }

    private static PointRange pointRange(RowSet<Row> rows) {
        int n = rows.size();
        long[] time = new long[n];
        String[] split = new String[n];
        long[] index = new long[n];
        double[] value = new double[n];
        float[] score = new float[n];
        float[] threshold = new float[n];
        long total = 0;
        Instant first = null;
        Instant last = null;
        int i = 0;
        for (Row row : rows) {
            if (i == 0) {
                total = row.getLong(6);
                first = row.getOffsetDateTime(7).toInstant();
                last = row.getOffsetDateTime(8).toInstant();
            }
            time[i] = row.getLong(0);
            split[i] = row.getString(1);
            index[i] = row.getLong(2);
            value[i] = row.getDouble(3);
            score[i] = row.getFloat(4);
            threshold[i] = row.getFloat(5);
            i++;
        }
        return new PointRange(new SeriesPoints(time, split, index, value, score, threshold), total, first, last);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime time = row.getOffsetDateTime(column);
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}

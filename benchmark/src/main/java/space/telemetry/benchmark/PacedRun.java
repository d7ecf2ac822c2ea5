package space.telemetry.benchmark;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.TelemetryCodec;
import space.telemetry.contract.TelemetryJson;
import space.telemetry.contract.TelemetryPoint;
import space.telemetry.contract.Topics;
import space.telemetry.data.DatasetChannel;
import space.telemetry.localinfra.TopicClient;
import space.telemetry.pipeline.LocalPipeline;

/**
 * The paced run's plan (which channels at what speed keep a steady rate for the whole run) and its latencies, per
 * event: from the produce time of the point that raised it (the {@code telemetry.raw} record's timestamp, set by the
 * replay's producer when it sends) to the detector's publication of its first version (the
 * {@code telemetry.anomalies} record's timestamp, set when the detector sends it inside its transaction) and to its
 * row ({@code events.created_at}: PostgreSQL's {@code now()}, the start of the store's inserting transaction).
 */
final class PacedRun {

    /** The channels (longest first) and how many positions of each the run sends at the steady rate. */
    record Plan(List<String> channels, long positions) {
    }

    /** One event's latencies in milliseconds, and when its detecting point was produced (epoch ms). */
    record Latency(String channel, String detector, long producedAt, double publishedMs, double storedMs) {
    }

    private PacedRun() {
    }

    /**
     * The most channels that all have at least {@code rate x seconds / channels} points: an interleaved replay of
     * them sends {@code rate} records/s until the run's end, before the shortest of them runs out.
     */
    static Plan plan(List<? extends DatasetChannel> channels, double rate, double seconds) {
        List<DatasetChannel> longestFirst = new ArrayList<>(channels);
        longestFirst.sort(Comparator.comparingLong(DatasetChannel::totalRows).reversed());
        Plan best = null;
        for (int n = 1; n <= longestFirst.size(); n++) {
            long positions = (long) Math.ceil(rate * seconds / n);
            if (longestFirst.get(n - 1).totalRows() >= positions) {
                best = new Plan(longestFirst.subList(0, n).stream().map(DatasetChannel::id).toList(), positions);
            }
        }
        if (best == null) {
            throw new IllegalArgumentException(String.format("no channel has %.0f points: lower --paced-rate or "
                    + "--paced-seconds", rate * seconds));
        }
        return best;
    }

    /**
     * The latencies of every stored event: its first version's publication and its row against its detecting point
     * (same channel, event time = the event's detected time) on {@code telemetry.raw}.
     */
    static List<Latency> measure(LocalPipeline pipeline) {
        Map<String, Long> published = new HashMap<>(); // event id -> timestamp of its first version's record
        Map<String, Long> firstRevision = new HashMap<>();
        Set<String> channels = new HashSet<>();
        try (TopicClient topics = new TopicClient(pipeline.bootstrapServers())) {
            topics.scan(Topics.ANOMALIES, record -> {
                AnomalyEvent event = TelemetryJson.readEvent(record.value());
                Long revision = firstRevision.get(event.id());
                if (revision == null || event.revision() < revision) {
                    firstRevision.put(event.id(), event.revision());
                    published.put(event.id(), record.timestamp());
                }
            });
            List<StoredEvent> stored = storedEvents(pipeline);
            stored.forEach(event -> channels.add(event.channel));
            Map<String, Long> produced = new HashMap<>(); // channel|event time (ms) -> raw record timestamp
            topics.scan(Topics.RAW, record -> {
                if (channels.contains(record.key())) {
                    TelemetryPoint point = TelemetryCodec.readPoint(record.key(), record.value());
                    produced.put(point.channel() + "|" + point.eventTime().toEpochMilli(), record.timestamp());
                }
            });
            List<Latency> latencies = new ArrayList<>();
            for (StoredEvent event : stored) {
                Long producedAt = produced.get(event.channel + "|" + event.detectedTimeMillis);
                Long publishedAt = published.get(event.id);
                if (producedAt == null || publishedAt == null) {
                    throw new IllegalStateException("event " + event.id + " of " + event.channel
                            + ": no detecting point or no published version found");
                }
                latencies.add(new Latency(event.channel, event.detector, producedAt, publishedAt - producedAt,
                        event.createdAtMicros / 1e3 - producedAt));
            }
            latencies.sort(Comparator.comparingLong(Latency::producedAt));
            return latencies;
        }
    }

    private record StoredEvent(String id, String channel, String detector, long detectedTimeMillis,
            long createdAtMicros) {
    }

    private static List<StoredEvent> storedEvents(LocalPipeline pipeline) {
        List<StoredEvent> events = new ArrayList<>();
        try (Connection connection = pipeline.database().connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id::text, channel, detector, "
                        + "(extract(epoch FROM detected_time) * 1000)::bigint, "
                        + "(extract(epoch FROM created_at) * 1000000)::bigint FROM events")) {
            while (rows.next()) {
                events.add(new StoredEvent(rows.getString(1), rows.getString(2), rows.getString(3), rows.getLong(4),
                        rows.getLong(5)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read events: " + e.getMessage(), e);
        }
        return events;
    }

    /** The nearest-rank percentile (0-100) of the values; NaN when there are none. */
    static double percentile(List<Double> values, double percent) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(percent / 100 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}

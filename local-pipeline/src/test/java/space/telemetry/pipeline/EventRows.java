package space.telemetry.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.TelemetryJson;
import space.telemetry.contract.Topics;
import space.telemetry.localinfra.KafkaBroker;
import space.telemetry.localinfra.TopicClient;

/** The {@code events} rows of some channels, and how they differ from the in-process reference. */
final class EventRows {
    /**
     * Reference rows missing or in another version ({@code lost}), rows the reference does not have ({@code doubled}),
     * and the detector's lag on telemetry.raw when the comparison was made.
     */
    record Diff(int lost, int doubled, long lag, String detail) {
        boolean equal() {
            return lost == 0 && doubled == 0 && lag == 0;
        }

        /** Both differences together. */
        Diff plus(Diff other) {
            String both = detail.isEmpty() ? other.detail
                    : other.detail.isEmpty() ? detail : detail + "; " + other.detail;
            return new Diff(lost + other.lost, doubled + other.doubled, Math.max(lag, other.lag), both);
        }
    }

    private final LocalPipeline pipeline;

    EventRows(LocalPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** Waits until the detector has no lag and the channels' rows equal the reference; else the last difference. */
    Diff awaitEqual(Set<String> channels, Map<String, AnomalyEvent> reference, Duration timeout) {
        Map<String, String> expected = LocalPipeline.versions(reference);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = KafkaBroker.admin(pipeline.bootstrapServers())) {
            while (true) {
                long lag = pipeline.detectorLag(admin);
                Diff diff = compare(expected, versions(channels), lag);
                if (diff.equal() || System.nanoTime() > deadline) {
                    return diff;
                }
                ServiceProcess.sleep(500);
            }
        }
    }

    /**
     * The event versions on telemetry.anomalies (read_committed) of these channels against every version the
     * reference publishes: a missing one is lost, one published more than once is doubled. The table alone cannot
     * tell, since a repeated version lands on the same row.
     */
    Diff publishedOnce(Set<String> channels, List<AnomalyEvent> reference) {
        Map<String, Integer> expected = new TreeMap<>();
        reference.forEach(event -> expected.merge(publication(event), 1, Integer::sum));
        Map<String, Integer> found = new TreeMap<>();
        try (TopicClient topics = new TopicClient(pipeline.bootstrapServers())) {
            topics.readAll(Topics.ANOMALIES).stream().filter(record -> channels.contains(record.key()))
                    .map(record -> TelemetryJson.readEvent(record.value()))
                    .forEach(event -> found.merge(publication(event), 1, Integer::sum));
        }
        int lost = 0;
        int doubled = 0;
        List<String> notes = new ArrayList<>();
        Set<String> all = new TreeSet<>(expected.keySet());
        all.addAll(found.keySet());
        for (String version : all) {
            int difference = found.getOrDefault(version, 0) - expected.getOrDefault(version, 0);
            if (difference < 0) {
                lost -= difference;
                notes.add("on the topic " + found.getOrDefault(version, 0) + "x, expected "
                        + expected.getOrDefault(version, 0) + "x: " + version);
            } else if (difference > 0) {
                doubled += difference;
                notes.add("on the topic " + found.get(version) + "x, expected " + expected.getOrDefault(version, 0)
                        + "x: " + version);
            }
        }
        return new Diff(lost, doubled, 0, String.join("; ", notes.subList(0, Math.min(3, notes.size()))));
    }

    private static String publication(AnomalyEvent event) {
        return event.id() + " " + event.state().wireName() + "@" + event.revision() + " end " + event.endIndex();
    }

    /** id to version of the rows of these channels. */
    Map<String, String> versions(Set<String> channels) {
        Set<String> ids = new HashSet<>();
        query("SELECT id::text FROM events WHERE channel = ANY(?)", channels, row -> ids.add(row.getString(1)));
        Map<String, String> versions = new HashMap<>(pipeline.storedVersions());
        versions.keySet().retainAll(ids);
        return versions;
    }

    /** "detector split start..end" of the channel's rows of a split. */
    Set<String> shapes(String channel, String split) {
        Set<String> shapes = new TreeSet<>();
        query("SELECT detector, split, start_index, end_index FROM events WHERE channel = ANY(?) AND split = '"
                + split + "'", Set.of(channel), row -> shapes.add(row.getString(1) + " " + row.getString(2) + " "
                        + row.getLong(3) + ".." + row.getLong(4)));
        return shapes;
    }

    /** Rows of these channels, whatever their version. */
    int count(Set<String> channels) {
        int[] count = {0};
        query("SELECT 1 FROM events WHERE channel = ANY(?)", channels, row -> count[0]++);
        return count[0];
    }

    static Diff compare(Map<String, String> expected, Map<String, String> stored, long lag) {
        List<String> notes = new ArrayList<>();
        if (lag > 0) {
            notes.add("the detector still has " + lag + " raw records to commit");
        }
        int lost = 0;
        for (Map.Entry<String, String> entry : expected.entrySet()) {
            String found = stored.get(entry.getKey());
            if (!entry.getValue().equals(found)) {
                lost++;
                notes.add(entry.getKey() + " expected " + entry.getValue() + ", found " + found);
            }
        }
        int doubled = 0;
        for (Map.Entry<String, String> entry : stored.entrySet()) {
            if (!expected.containsKey(entry.getKey())) {
                doubled++;
                notes.add(entry.getKey() + " not in the reference: " + entry.getValue());
            }
        }
        return new Diff(lost, doubled, lag, String.join("; ", notes.subList(0, Math.min(3, notes.size()))));
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private void query(String sql, Set<String> channels, RowReader reader) {
        try (Connection connection = pipeline.database().connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", channels.toArray()));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    reader.read(result);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read events: " + e.getMessage(), e);
        }
    }
}

package space.telemetry.replay.service;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a replay, as GET /replays/{id} returns it.
 *
 * @param speed        "max" or the factor over real time
 * @param startTime    event time of position 0
 * @param recordsSent  records acknowledged by the broker
 * @param progress     recordsSent / recordsTotal (1 for an empty replay)
 */
public record ReplayStatus(String id, ReplayState state, String speed, Instant startTime, List<ChannelProgress> channels,
        long recordsSent, long recordsTotal, double progress, Instant startedAt, Instant finishedAt, String error) {

    /** Progress of one channel: train rows then test rows. */
    public record ChannelProgress(String channel, String spacecraft, long sent, long total) {
    }
}

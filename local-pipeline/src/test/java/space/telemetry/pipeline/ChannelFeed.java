package space.telemetry.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.TelemetryCodec;
import space.telemetry.contract.TelemetryPoint;
import space.telemetry.contract.Topics;
import space.telemetry.data.ChannelPoints;
import space.telemetry.data.TelemanomChannel;
import space.telemetry.detection.DetectionConfig;
import space.telemetry.detection.OfflineDetection;
import space.telemetry.localinfra.TopicClient;

/** Dataset channels renamed per case, produced straight to telemetry.raw (at once or paced), and their reference. */
final class ChannelFeed {
    /** As the replay-service sends them (event times from ChannelPoints). */
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration PERIOD = Duration.ofMinutes(1);
    private static final long TICK_MILLIS = 100;

    private ChannelFeed() {
    }

    /** The whole stream of {@code source} (train then test) under the channel name {@code name}. */
    static List<TelemetryPoint> points(TelemanomChannel source, String name) {
        TelemanomChannel renamed = new TelemanomChannel(name, source.spacecraft(), source.trainRows(),
                source.testRows(), source.columns(), source.trainFile(), source.testFile());
        List<TelemetryPoint> points = new ArrayList<>();
        try (ChannelPoints stream = ChannelPoints.open(renamed, START, PERIOD)) {
            stream.forEachRemaining(points::add);
        }
        return points;
    }

    /** The same point with another value. */
    static TelemetryPoint withValue(TelemetryPoint point, double value) {
        return new TelemetryPoint(point.spacecraft(), point.channel(), point.split(), point.index(),
                point.eventTime(), value, point.commands());
    }

    /** The latest version of every event the detector raises for these points, run in-process. */
    static Map<String, AnomalyEvent> reference(DetectionConfig config, List<TelemetryPoint> points) {
        return OfflineDetection.latestVersions(published(config, points));
    }

    /** The latest version of every event the detector raises for a dataset channel, streamed as the replay does. */
    static Map<String, AnomalyEvent> reference(DetectionConfig config, TelemanomChannel channel) {
        try (ChannelPoints points = ChannelPoints.open(channel, START, PERIOD)) {
            return OfflineDetection.latestVersions(
                    OfflineDetection.run(config, channel.spacecraft().name(), channel.id(), points));
        }
    }

    /** The references of several channels, merged. */
    static Map<String, AnomalyEvent> reference(DetectionConfig config, Map<String, List<TelemetryPoint>> channels) {
        Map<String, AnomalyEvent> all = new HashMap<>();
        channels.values().forEach(points -> all.putAll(reference(config, points)));
        return all;
    }

    /** Every event version the in-process detectors publish for these channels, in order. */
    static List<AnomalyEvent> published(DetectionConfig config, Map<String, List<TelemetryPoint>> channels) {
        List<AnomalyEvent> all = new ArrayList<>();
        channels.values().forEach(points -> all.addAll(published(config, points)));
        return all;
    }

    private static List<AnomalyEvent> published(DetectionConfig config, List<TelemetryPoint> points) {
        TelemetryPoint first = points.get(0);
        return OfflineDetection.run(config, first.spacecraft(), first.channel(), points.iterator());
    }

    static List<byte[]> encode(List<TelemetryPoint> points) {
        return points.stream().map(TelemetryCodec::write).toList();
    }

    /** Sends each channel's points in order, as fast as the broker takes them. */
    static void sendAll(String bootstrapServers, Map<String, List<TelemetryPoint>> channels) {
        try (TopicClient topics = new TopicClient(bootstrapServers)) {
            channels.forEach((channel, points) -> topics.sendAll(Topics.RAW, channel, encode(points)));
        }
    }

    /**
     * Sends the channels' points interleaved at about {@code recordsPerSecond} in all, on a thread of its own, pausing
     * halfway through the shortest channel until {@code resume} completes (a fault injected before that is mid-stream
     * however slow the machine is); the future completes when every point is acknowledged.
     */
    static CompletableFuture<Void> paced(String bootstrapServers, Map<String, List<TelemetryPoint>> channels,
            int recordsPerSecond, CompletionStage<?> resume) {
        int perTick = Math.max(1, (int) (recordsPerSecond * TICK_MILLIS / 1000 / channels.size()));
        int half = channels.values().stream().mapToInt(List::size).min().orElse(0) / 2;
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread feeder = new Thread(() -> {
            try (TopicClient topics = new TopicClient(bootstrapServers)) {
                long started = System.nanoTime();
                boolean held = false;
                for (int from = 0, tick = 1; send(topics, channels, from, perTick); from += perTick, tick++) {
                    if (!held && from + perTick >= half) {
                        resume.toCompletableFuture().join();
                        held = true;
                        started = System.nanoTime() - tick * TICK_MILLIS * 1_000_000;
                    }
                    long wait = started / 1_000_000 + tick * TICK_MILLIS - System.nanoTime() / 1_000_000;
                    if (wait > 0) {
                        ServiceProcess.sleep(wait);
                    }
                }
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, "fault-suite-feed");
        feeder.setDaemon(true);
        feeder.start();
        return done;
    }

    /** Sends points [from, from + count) of each channel; whether any channel had points left. */
    private static boolean send(TopicClient topics, Map<String, List<TelemetryPoint>> channels, int from, int count) {
        boolean any = false;
        for (Map.Entry<String, List<TelemetryPoint>> channel : channels.entrySet()) {
            List<TelemetryPoint> points = channel.getValue();
            if (from < points.size()) {
                any = true;
                topics.sendAll(Topics.RAW, channel.getKey(),
                        encode(points.subList(from, Math.min(points.size(), from + count))));
            }
        }
        return any;
    }
}

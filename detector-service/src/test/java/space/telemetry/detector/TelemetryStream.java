package space.telemetry.detector;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryCodec;
import space.telemetry.contract.TelemetryPoint;

/** Test series: a noisy channel with a level shift planted in its test split. */
final class TelemetryStream {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private TelemetryStream() {
    }

    /** A channel id no other test uses (the broker is shared by the test JVM). */
    static String uniqueChannel(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * train points, then test points with +1.0 added over test indices [shiftFrom, shiftTo), in the binary wire format
     * (the replay's default).
     */
    static List<byte[]> series(String channel, int train, int test, int shiftFrom, int shiftTo) {
        return points(channel, channel.hashCode(), train, test, shiftFrom, shiftTo).stream()
                .map(TelemetryCodec::write).toList();
    }

    /** The points of {@link #series}, from a given random seed (two channels with one seed carry the same values). */
    static List<TelemetryPoint> points(String channel, long seed, int train, int test, int shiftFrom, int shiftTo) {
        Random random = new Random(seed);
        List<TelemetryPoint> points = new ArrayList<>();
        for (int position = 0; position < train + test; position++) {
            Split split = position < train ? Split.TRAIN : Split.TEST;
            int index = split == Split.TRAIN ? position : position - train;
            boolean shifted = split == Split.TEST && index >= shiftFrom && index < shiftTo;
            double value = random.nextGaussian() * 0.02 + (shifted ? 1.0 : 0.0);
            points.add(new TelemetryPoint("SMAP", channel, split, index, START.plus(Duration.ofMinutes(position)),
                    value, new double[24]));
        }
        return points;
    }


    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

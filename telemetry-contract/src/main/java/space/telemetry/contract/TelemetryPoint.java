package space.telemetry.contract;

import java.time.Instant;

/**
 * One telemetry point on {@code telemetry.raw}: column 0 of a Telemanom row plus its one-hot command features.
 *
 * @param spacecraft SMAP or MSL
 * @param channel    channel id, also the record key
 * @param split      train or test
 * @param index      index of the row in its split's array
 * @param eventTime  when the value was measured: from the data file, or set by the replay (see ChannelPoints)
 * @param value      the sensor value (column 0)
 * @param commands   the command features (columns 1..n-1)
 */
public record TelemetryPoint(String spacecraft, String channel, Split split, long index, Instant eventTime,
        double value, double[] commands) {
}

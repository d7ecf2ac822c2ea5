package space.telemetry.data;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import space.telemetry.contract.Spacecraft;

/**
 * One channel of a Telemanom data directory, from its NPY headers.
 *
 * @param id         channel id, e.g. {@code A-1} (the file name without {@code .npy})
 * @param spacecraft from the labels when listed there, else from the column count
 * @param trainRows  rows of {@code train/<id>.npy}
 * @param testRows   rows of {@code test/<id>.npy}
 * @param columns    columns of both arrays (column 0 the value, the rest command features)
 */
public record TelemanomChannel(String id, Spacecraft spacecraft, long trainRows, long testRows, int columns,
        Path trainFile, Path testFile) implements DatasetChannel {

    /** The spacecraft's name. */
    @Override
    public String source() {
        return spacecraft.name();
    }

    /** Rows of the whole stream: train then test. */
    @Override
    public long totalRows() {
        return trainRows + testRows;
    }

    /** Telemanom files have no timestamps. */
    @Override
    public boolean timestamped() {
        return false;
    }

    @Override
    public ChannelPoints open(Instant start, Duration period) {
        return ChannelPoints.open(this, start, period);
    }
}

package space.telemetry.data;

import java.nio.file.Path;
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
        Path trainFile, Path testFile) {

    /** Rows of the whole stream: train then test. */
    public long totalRows() {
        return trainRows + testRows;
    }
}

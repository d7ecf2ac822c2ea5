package space.telemetry.data;

import java.nio.file.Path;

/**
 * The header of a 2-D NPY array (a 1-D array is read as one column).
 *
 * @param file       the file it was read from
 * @param version    format version, e.g. "1.0"
 * @param dtype      element type
 * @param rows       first dimension
 * @param columns    second dimension (1 for a 1-D array)
 * @param dataOffset byte offset of the first element
 */
public record NpyHeader(Path file, String version, NpyDtype dtype, long rows, int columns, long dataOffset) {

    /** Bytes of one row. */
    public int rowBytes() {
        return columns * dtype.size();
    }

    /** Bytes of data the shape calls for. */
    public long dataBytes() {
        return rows * rowBytes();
    }
}

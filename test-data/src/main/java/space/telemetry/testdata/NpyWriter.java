package space.telemetry.testdata;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import space.telemetry.data.DataFileException;
import space.telemetry.data.NpyDtype;
import space.telemetry.data.NpyFile;

/** Writes small NPY arrays (version 1.0, C order, {@code <f8} or {@code <f4}), as numpy.save does. */
public final class NpyWriter {
    private NpyWriter() {
    }

    /** Writes {@code rows} (all of the same length) as a float64 (rows, columns) array. */
    public static void write(Path file, double[][] rows) {
        write(file, rows, NpyDtype.FLOAT64);
    }

    /** Writes {@code rows} (all of the same length) as a (rows, columns) array of the given dtype. */
    public static void write(Path file, double[][] rows, NpyDtype dtype) {
        int columns = rows.length == 0 ? 1 : rows[0].length;
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
                out.write(header(dtype.descr(), false, "(" + rows.length + ", " + columns + ")"));
                ByteBuffer row = ByteBuffer.allocate(columns * dtype.size()).order(ByteOrder.LITTLE_ENDIAN);
                for (double[] values : rows) {
                    if (values.length != columns) {
                        throw new IllegalArgumentException("ragged rows: " + values.length + " vs " + columns);
                    }
                    row.clear();
                    for (double v : values) {
                        if (dtype == NpyDtype.FLOAT64) {
                            row.putDouble(v);
                        } else {
                            row.putFloat((float) v);
                        }
                    }
                    out.write(row.array(), 0, row.position());
                }
            }
        } catch (IOException e) {
            throw new DataFileException(file, "cannot write: " + e.getMessage(), e);
        }
    }

    /**
     * The bytes of a version 1.0 NPY header for any dict values (also used by tests to build odd files), padded
     * with spaces and a newline to a multiple of 64 bytes.
     *
     * @param descr the dtype descr, e.g. {@code <f8}
     * @param shape the shape as a Python tuple literal, e.g. {@code (10, 25)}
     */
    public static byte[] header(String descr, boolean fortranOrder, String shape) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False")
                + ", 'shape': " + shape + ", }";
        byte[] magic = NpyFile.magic();
        int unpadded = magic.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String text = dict + " ".repeat(padding) + "\n";
        byte[] textBytes = text.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer header = ByteBuffer.allocate(magic.length + 4 + textBytes.length).order(ByteOrder.LITTLE_ENDIAN);
        header.put(magic).put((byte) 1).put((byte) 0).putShort((short) textBytes.length).put(textBytes);
        return header.array();
    }
}

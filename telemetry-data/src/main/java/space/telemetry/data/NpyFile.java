package space.telemetry.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reads NPY arrays (float64/float32, C order, 1-D or 2-D): header, a streaming row cursor, or the whole array. */
public final class NpyFile {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private NpyFile() {
    }

    /** The six bytes every NPY file starts with (a copy), for writers. */
    public static byte[] magic() {
        return MAGIC.clone();
    }

    /** Reads and checks the header only (cheap). */
    public static NpyHeader readHeader(Path file) {
        checkReadableFile(file);
        try (InputStream in = Files.newInputStream(file)) {
            return readHeader(file, in);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "file not found");
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read the NPY header: " + e.getMessage(), e);
        }
    }

    /** Opens a buffered row cursor positioned at the first row. */
    public static NpyRowReader open(Path file) {
        return new NpyRowReader(readHeader(file));
    }

    /** Reads the whole array, one {@code double[]} per row. */
    public static double[][] readAll(Path file) {
        try (NpyRowReader reader = open(file)) {
            if (reader.rows() > Integer.MAX_VALUE) {
                throw new DataFileException(file, "too many rows to load in memory: " + reader.rows());
            }
            double[][] rows = new double[(int) reader.rows()][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = new double[reader.columns()];
                reader.next(rows[i]);
            }
            return rows;
        }
    }

    /** Reads one column of the array (column 0 is the Telemanom value). */
    public static double[] readColumn(Path file, int column) {
        try (NpyRowReader reader = open(file)) {
            if (column < 0 || column >= reader.columns()) {
                throw new DataFileException(file, "no column " + column + ": the array has " + reader.columns());
            }
            if (reader.rows() > Integer.MAX_VALUE) {
                throw new DataFileException(file, "too many rows to load in memory: " + reader.rows());
            }
            double[] values = new double[(int) reader.rows()];
            double[] row = new double[reader.columns()];
            for (int i = 0; i < values.length; i++) {
                reader.next(row);
                values[i] = row[column];
            }
            return values;
        }
    }

    private static void checkReadableFile(Path file) {
        if (!Files.exists(file)) {
            throw new DataFileException(file, "file not found");
        }
        if (Files.isDirectory(file)) {
            throw new DataFileException(file, "is a directory, not an NPY file");
        }
        if (!Files.isReadable(file)) {
            throw new DataFileException(file, "file is not readable (permissions)");
        }
    }

    static NpyHeader readHeader(Path file, InputStream in) throws IOException {
        byte[] preamble = in.readNBytes(8);
        if (preamble.length < 8) {
            throw new DataFileException(file, "not an NPY file: only " + preamble.length
                    + " bytes, too short for the NPY preamble");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (preamble[i] != MAGIC[i]) {
                throw new DataFileException(file, "not an NPY file: bad magic bytes (expected \\x93NUMPY, found "
                        + printable(preamble, 6) + ")");
            }
        }
        int major = preamble[6] & 0xff;
        int minor = preamble[7] & 0xff;
        String version = major + "." + minor;
        int lengthBytes;
        if (major == 1) {
            lengthBytes = 2;
        } else if (major == 2 || major == 3) {
            lengthBytes = 4;
        } else {
            throw new DataFileException(file, "unsupported NPY format version " + version + " (1.0, 2.0 and 3.0 are)");
        }
        byte[] lengthField = in.readNBytes(lengthBytes);
        if (lengthField.length < lengthBytes) {
            throw new DataFileException(file, "truncated NPY header: the header length field is incomplete");
        }
        ByteBuffer lengthBuffer = ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = lengthBytes == 2 ? (lengthBuffer.getShort() & 0xffff) : (lengthBuffer.getInt() & 0xffffffffL);
        if (headerLength > 1 << 20) {
            throw new DataFileException(file, "bad NPY header: header length " + headerLength + " is implausible");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw new DataFileException(file, "truncated NPY header: expected " + headerLength + " header bytes, found "
                    + headerBytes.length);
        }
        String dictText = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        long dataOffset = 8L + lengthBytes + headerLength;
        return parseDict(file, version, dictText, dataOffset);
    }

    private static NpyHeader parseDict(Path file, String version, String dictText, long dataOffset) {
        Object literal;
        try {
            literal = PythonLiteral.parse(dictText);
        } catch (IllegalArgumentException e) {
            throw new DataFileException(file, "bad NPY header: " + e.getMessage() + " in " + abbreviate(dictText));
        }
        if (!(literal instanceof Map)) {
            throw new DataFileException(file, "bad NPY header: not a dictionary: " + abbreviate(dictText));
        }
        Map<?, ?> dict = (Map<?, ?>) literal;
        for (String key : List.of("descr", "fortran_order", "shape")) {
            if (!dict.containsKey(key)) {
                throw new DataFileException(file, "bad NPY header: missing key '" + key + "' in " + abbreviate(dictText));
            }
        }
        Object descr = dict.get("descr");
        if (!(descr instanceof String)) {
            throw new DataFileException(file, "unsupported dtype " + descr
                    + " (structured arrays are not supported): only '<f8' (float64) and '<f4' (float32) are");
        }
        NpyDtype dtype = NpyDtype.fromDescr((String) descr);
        if (dtype == null) {
            throw new DataFileException(file, "unsupported dtype '" + descr
                    + "': only little-endian '<f8' (float64) and '<f4' (float32) are supported");
        }
        Object fortran = dict.get("fortran_order");
        if (!(fortran instanceof Boolean)) {
            throw new DataFileException(file, "bad NPY header: fortran_order must be True or False, got " + fortran);
        }
        if ((Boolean) fortran) {
            throw new DataFileException(file, "Fortran-order (column-major) arrays are not supported: "
                    + "save the array in C order (numpy.ascontiguousarray)");
        }
        Object shape = dict.get("shape");
        if (!(shape instanceof List)) {
            throw new DataFileException(file, "bad NPY header: shape must be a tuple, got " + shape);
        }
        List<?> dims = (List<?>) shape;
        for (Object dim : dims) {
            if (!(dim instanceof Long) || (Long) dim < 0) {
                throw new DataFileException(file, "bad NPY header: shape " + shapeText(dims)
                        + " must hold non-negative integers");
            }
        }
        if (dims.isEmpty() || dims.size() > 2) {
            throw new DataFileException(file, "unsupported shape " + shapeText(dims)
                    + ": only 1-D (n,) and 2-D (rows, columns) arrays are supported");
        }
        long rows = (Long) dims.get(0);
        long columns = dims.size() == 2 ? (Long) dims.get(1) : 1;
        if (columns < 1 || columns > 1 << 20) {
            throw new DataFileException(file, "unsupported shape " + shapeText(dims) + ": bad column count");
        }
        return new NpyHeader(file, version, dtype, rows, (int) columns, dataOffset);
    }

    static String shapeText(List<?> dims) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(dims.get(i));
        }
        return sb.append(dims.size() == 1 ? ",)" : ")").toString();
    }

    private static String abbreviate(String text) {
        String trimmed = text.strip();
        return trimmed.length() > 120 ? trimmed.substring(0, 120) + "..." : trimmed;
    }

    private static String printable(byte[] bytes, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\') {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        return sb.toString();
    }
}

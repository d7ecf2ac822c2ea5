package space.telemetry.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * A buffered cursor over the rows of an NPY array: {@code while (reader.next(row)) ...}.
 * Not thread-safe; close it (try-with-resources).
 */
public final class NpyRowReader implements AutoCloseable {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final NpyHeader header;
    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final int rowBytes;
    private long position;
    private boolean closed;

    NpyRowReader(NpyHeader header) {
        this.header = header;
        this.rowBytes = header.rowBytes();
        try {
            this.channel = FileChannel.open(header.file(), StandardOpenOption.READ);
            channel.position(header.dataOffset());
        } catch (IOException e) {
            throw new DataFileException(header.file(), "cannot open: " + e.getMessage(), e);
        }
        int capacity = Math.max(rowBytes, BUFFER_BYTES / rowBytes * rowBytes);
        this.buffer = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
        buffer.flip(); // empty, ready to read
    }

    public NpyHeader header() {
        return header;
    }

    /** Rows the header announces. */
    public long rows() {
        return header.rows();
    }

    public int columns() {
        return header.columns();
    }

    /** Index of the next row to be read (= rows read so far). */
    public long position() {
        return position;
    }

    /**
     * Reads the next row into {@code row} (length at least {@link #columns()}).
     *
     * @return false when all rows have been read
     * @throws DataFileException if the file ends before the shape says (truncated) or cannot be read
     */
    public boolean next(double[] row) {
        if (closed) {
            throw new IllegalStateException("reader of " + header.file() + " is closed");
        }
        if (row.length < header.columns()) {
            throw new IllegalArgumentException("row array has " + row.length + " slots, the array has "
                    + header.columns() + " columns");
        }
        if (position >= header.rows()) {
            return false;
        }
        if (buffer.remaining() < rowBytes) {
            fill();
        }
        int columns = header.columns();
        if (header.dtype() == NpyDtype.FLOAT64) {
            for (int c = 0; c < columns; c++) {
                row[c] = buffer.getDouble();
            }
        } else {
            for (int c = 0; c < columns; c++) {
                row[c] = buffer.getFloat();
            }
        }
        position++;
        return true;
    }

    private void fill() {
        buffer.compact();
        try {
            while (buffer.position() < rowBytes) {
                int read = channel.read(buffer);
                if (read < 0) {
                    long fileSize = channel.size();
                    throw new DataFileException(header.file(), "truncated data: shape (" + header.rows() + ", "
                            + header.columns() + ") of " + header.dtype().descr() + " needs " + header.dataBytes()
                            + " data bytes after the " + header.dataOffset() + "-byte header, but the file has "
                            + Math.max(0, fileSize - header.dataOffset()) + " (it ends within row " + position + ")");
                }
            }
        } catch (IOException e) {
            throw new DataFileException(header.file(), "read error at row " + position + ": " + e.getMessage(), e);
        } finally {
            buffer.flip();
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to flush on a read-only channel
            }
        }
    }
}

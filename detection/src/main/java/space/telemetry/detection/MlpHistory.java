package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The history an MLP forecaster fits on: the last {@code capacity} points, values as floats and command features as
 * bits (Telemanom's command features are one-hot; any non-zero feature counts as 1).
 */
final class MlpHistory {
    private final float[] values;
    private long[] masks; // words per point x capacity; null until the command count is known
    private int commandCount = -1; // -1 until the first point
    private int words = 1; // mask words per point
    private int size;
    private int head;

    MlpHistory(int capacity) {
        this.values = new float[capacity];
    }

    /** An independent copy (the same points, capacity and command count). */
    MlpHistory copy() {
        MlpHistory copy = new MlpHistory(values.length);
        System.arraycopy(values, 0, copy.values, 0, values.length);
        copy.masks = masks == null ? null : masks.clone();
        copy.commandCount = commandCount;
        copy.words = words;
        copy.size = size;
        copy.head = head;
        return copy;
    }

    /** Command features per point, or -1 before the first point. */
    int commandCount() {
        return commandCount;
    }

    int size() {
        return size;
    }

    /** Sets the command features per point (the first point's, or a checkpoint's) and empties the history. */
    void reset(int commands) {
        commandCount = commands;
        words = Math.max(1, (commands + 63) / 64);
        masks = commands < 0 ? null : new long[values.length * words];
        size = 0;
        head = 0;
    }

    /** Drops the points (after the fit); the command count stays. */
    void drop() {
        masks = new long[0];
        size = 0;
        head = 0;
    }

    void add(double value, double[] commands) {
        int slot;
        if (size < values.length) {
            slot = (head + size) % values.length;
            size++;
        } else {
            slot = head;
            head = (head + 1) % values.length;
        }
        values[slot] = (float) value;
        int base = slot * words;
        for (int w = 0; w < words; w++) {
            masks[base + w] = 0L;
        }
        for (int c = 0; c < commandCount; c++) {
            if (commands[c] != 0.0) {
                masks[base + (c >>> 6)] |= 1L << (c & 63);
            }
        }
    }

    /** The values held, oldest first. */
    double[] values() {
        double[] all = new double[size];
        for (int i = 0; i < size; i++) {
            all[i] = values[(head + i) % values.length];
        }
        return all;
    }

    /** For each point from the {@code from}-th (oldest first) on, the indices of its non-zero command features. */
    int[][] activeCommands(int from) {
        int[][] active = new int[size - from][];
        for (int s = 0; s < active.length; s++) {
            int slot = ((head + s + from) % values.length) * words;
            int count = 0;
            int[] on = new int[commandCount];
            for (int c = 0; c < commandCount; c++) {
                if ((masks[slot + (c >>> 6)] & (1L << (c & 63))) != 0) {
                    on[count++] = c;
                }
            }
            active[s] = Arrays.copyOf(on, count);
        }
        return active;
    }

    /** The count and values, then each point that has a command as its position and bits; -1 ends the list. */
    void write(DataOutput out) throws IOException {
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeFloat(values[(head + i) % values.length]);
        }
        for (int i = 0; i < size; i++) { // commands are sparse: only the points with one, by position
            int slot = (head + i) % values.length;
            if (hasCommand(slot)) {
                out.writeInt(i);
                for (int w = 0; w < words; w++) {
                    out.writeLong(masks[slot * words + w]);
                }
            }
        }
        out.writeInt(-1);
    }

    /** Reads what {@link #write} wrote, after {@link #reset} with the saved command count. */
    void read(DataInput in) throws IOException {
        head = 0;
        size = in.readInt();
        if (size > values.length) {
            throw new IOException("saved buffer holds " + size + " points, configured " + values.length);
        }
        for (int i = 0; i < size; i++) {
            values[i] = in.readFloat();
        }
        for (int i = in.readInt(); i >= 0; i = in.readInt()) {
            for (int w = 0; w < words; w++) {
                masks[i * words + w] = in.readLong();
            }
        }
    }

    private boolean hasCommand(int slot) {
        for (int w = 0; w < words; w++) {
            if (masks[slot * words + w] != 0L) {
                return true;
            }
        }
        return false;
    }
}

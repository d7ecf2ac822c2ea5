package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Fixed-capacity ring of the most recent values, oldest first. */
final class RollingWindow {
    private final double[] values;
    private int size;
    private int head; // index of the oldest value

    RollingWindow(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("window must hold at least 2 points, got " + capacity);
        }
        this.values = new double[capacity];
    }

    int capacity() {
        return values.length;
    }

    int size() {
        return size;
    }

    boolean isFull() {
        return size == values.length;
    }

    /** The i-th value, 0 being the oldest. */
    double get(int i) {
        return values[(head + i) % values.length];
    }

    /** Adds a value; returns the value it pushed out, or NaN when the window was not full. */
    double add(double value) {
        if (size < values.length) {
            values[(head + size) % values.length] = value;
            size++;
            return Double.NaN;
        }
        double evicted = values[head];
        values[head] = value;
        head = (head + 1) % values.length;
        return evicted;
    }

    /** Empties the window. */
    void clear() {
        size = 0;
        head = 0;
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(values.length);
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeDouble(get(i));
        }
    }

    void read(DataInput in) throws IOException {
        int capacity = in.readInt();
        if (capacity != values.length) {
            throw new IOException("saved window holds " + capacity + " points, configured " + values.length);
        }
        int saved = in.readInt();
        head = 0;
        size = 0;
        for (int i = 0; i < saved; i++) {
            add(in.readDouble());
        }
    }
}

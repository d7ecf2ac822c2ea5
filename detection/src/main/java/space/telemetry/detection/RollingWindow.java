package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Fixed-capacity ring of the most recent values, oldest first. */
final class RollingWindow extends Ring {
    private final double[] values;

    RollingWindow(int capacity) {
        super(capacity);
        this.values = new double[capacity];
    }

    @Override
    double load(int slot) {
        return values[slot];
    }

    @Override
    void store(int slot, double value) {
        values[slot] = value;
    }

    /** The capacity, the count, then the values, oldest first. */
    @Override
    void write(DataOutput out) throws IOException {
        out.writeInt(capacity());
        out.writeInt(size());
        for (int i = 0; i < size(); i++) {
            out.writeDouble(get(i));
        }
    }

    @Override
    void read(DataInput in) throws IOException {
        int saved = in.readInt();
        if (saved != capacity()) {
            throw new IOException("saved window holds " + saved + " points, configured " + capacity());
        }
        int count = in.readInt();
        clear();
        for (int i = 0; i < count; i++) {
            add(in.readDouble());
        }
    }
}

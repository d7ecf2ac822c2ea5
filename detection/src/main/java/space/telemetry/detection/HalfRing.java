package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A ring of non-negative values kept at half precision, 2 bytes each ({@link HalfFloat}): for windows that must stay
 * small in a checkpoint. Values added must already be rounded with {@link HalfFloat#round}, so what is read back is
 * exactly what was added.
 */
final class HalfRing extends Ring {
    private final short[] values;

    HalfRing(int capacity) {
        super(capacity);
        this.values = new short[capacity];
    }

    @Override
    double load(int slot) {
        return HalfFloat.decode(values[slot]);
    }

    @Override
    void store(int slot, double value) {
        values[slot] = HalfFloat.encode((float) value);
    }

    /** The count, then the 2-byte values, oldest first. */
    @Override
    void write(DataOutput out) throws IOException {
        out.writeInt(size());
        for (int i = 0; i < size(); i++) {
            out.writeShort(HalfFloat.encode((float) get(i)));
        }
    }

    @Override
    void read(DataInput in) throws IOException {
        int saved = in.readInt();
        if (saved > capacity()) {
            throw new IOException("saved error window holds " + saved + " points, configured " + capacity());
        }
        clear();
        for (int i = 0; i < saved; i++) {
            add(HalfFloat.decode(in.readShort()));
        }
    }
}

package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A ring of values kept at single precision, 4 bytes each: for windows that must stay small in a checkpoint but hold
 * values in the channel's own units (beyond half precision's range). Values added must already be rounded to a
 * float ({@code (double) (float) v}), so what is read back is exactly what was added.
 */
final class FloatRing extends Ring {
    private final float[] values;

    FloatRing(int capacity) {
        super(capacity);
        this.values = new float[capacity];
    }

    @Override
    double load(int slot) {
        return values[slot];
    }

    @Override
    void store(int slot, double value) {
        values[slot] = (float) value;
    }

    /** The count, then the 4-byte values, oldest first. */
    @Override
    void write(DataOutput out) throws IOException {
        out.writeInt(size());
        for (int i = 0; i < size(); i++) {
            out.writeFloat((float) get(i));
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
            add(in.readFloat());
        }
    }
}

package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** A fixed-capacity ring of the most recent values, oldest first; a subclass says how a value is stored. */
abstract class Ring {
    private final int capacity;
    private int size;
    private int head; // slot of the oldest value

    Ring(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("window must hold at least 2 points, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** The value stored in a slot. */
    abstract double load(int slot);

    abstract void store(int slot, double value);

    abstract void write(DataOutput out) throws IOException;

    /** Replaces the content with saved values. */
    abstract void read(DataInput in) throws IOException;

    final int capacity() {
        return capacity;
    }

    final int size() {
        return size;
    }

    final boolean isFull() {
        return size == capacity;
    }

    /** The i-th value, 0 being the oldest. */
    final double get(int i) {
        return load((head + i) % capacity);
    }

    /** Adds a value; returns the value it pushed out, or NaN when the ring was not full. */
    final double add(double value) {
        if (size < capacity) {
            store((head + size) % capacity, value);
            size++;
            return Double.NaN;
        }
        double evicted = load(head);
        store(head, value);
        head = (head + 1) % capacity;
        return evicted;
    }

    /** Empties the ring. */
    final void clear() {
        size = 0;
        head = 0;
    }
}

package space.telemetry.data;

/** A labelled anomaly: inclusive [start, end] indices into a channel's TEST array. */
public record AnomalySequence(long start, long end) {
    public AnomalySequence {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("need 0 <= start <= end, got [" + start + ", " + end + "]");
        }
    }

    /** Points in the sequence. */
    public long length() {
        return end - start + 1;
    }

    public boolean contains(long index) {
        return index >= start && index <= end;
    }

    public boolean overlaps(long from, long to) {
        return from <= end && to >= start;
    }
}

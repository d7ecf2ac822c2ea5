package space.telemetry.data.nab;

/** A window as row indices of its series: {@code first} to {@code last}, both inclusive. */
public record RowWindow(int first, int last) {
    public RowWindow {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("bad window rows " + first + ".." + last);
        }
    }

    /** Rows in the window. */
    public int width() {
        return last - first + 1;
    }

    /** Whether the row lies in the window. */
    public boolean contains(int row) {
        return row >= first && row <= last;
    }
}

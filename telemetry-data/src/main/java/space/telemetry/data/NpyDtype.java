package space.telemetry.data;

import java.util.Locale;

/** The NPY element types we read: little-endian IEEE floats. */
public enum NpyDtype {
    /** {@code <f8}: little-endian float64. */
    FLOAT64("<f8", 8),
    /** {@code <f4}: little-endian float32. */
    FLOAT32("<f4", 4);

    private final String descr;
    private final int size;

    NpyDtype(String descr, int size) {
        this.descr = descr;
        this.size = size;
    }

    /** The numpy {@code descr} string, e.g. {@code <f8}. */
    public String descr() {
        return descr;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** The dtype for a {@code descr}, or null when unsupported ({@code <f8} and {@code <f4} only). */
    static NpyDtype fromDescr(String descr) {
        String normalized = descr.toLowerCase(Locale.ROOT);
        for (NpyDtype dtype : values()) {
            if (dtype.descr.equals(normalized)) {
                return dtype;
            }
        }
        return null;
    }
}

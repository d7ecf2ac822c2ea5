package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Contextual novelty over level changes: how many of the contexts that precede a new level were never followed by
 * that level before.
 *
 * <p>Each value is put into one of {@code levels} equal bins spanning the smallest to the largest value the channel
 * has shown (the span widens when a value goes beyond it; the bins widen with it). A run of consecutive values in the
 * same bin is one symbol, so the channel becomes a sequence of level changes whatever its rhythm. When a value opens
 * a new symbol, the detector looks at the contexts before it: the last symbol, the last two, ..., the last
 * {@code depth}. For each it asks whether that context was ever followed by this symbol. The score is the share of
 * contexts for which it never was: 0 when the change is a familiar one at every context length, 1 when even the
 * plain transition from the previous level to this one is new. Every value of a run scores what the symbol that
 * opened it scored. Scoring comes first, then the continuations are learned (history and test split alike), so the
 * detector follows a channel whose new normal repeats.
 *
 * <p>The learned continuations are kept in a dictionary of at most {@code capacity} entries; when it is full, the
 * entry used least recently is forgotten, so a pattern not seen for long becomes new again. With {@code extremes},
 * a value beyond the span seen so far scores 1 on its own (it is new at every level) before the span widens; its run
 * then scores what its symbol does. With {@code fixed-grid}, the bins are frozen at the end of the history and a
 * value beyond them falls in further bins of the same width (new symbols) instead of widening every bin. NaN until
 * the history has ended and {@code min-symbols} symbols were seen. Not in the shipped configuration: docs/results.md,
 * round 13.
 */
public final class ContextNoveltyDetector implements Detector {
    private static final int MAX_LEVELS = 20;
    private static final int NONE = Integer.MIN_VALUE;

    private final int levels;
    private final int depth;
    private final int capacity;
    private final int minSymbols;
    private final boolean extremes;
    private final boolean fixedGrid;
    private final int bits; // bits per symbol in a key (a level is stored as level + levels + 1: never 0)

    private double low = Double.POSITIVE_INFINITY;
    private double high = Double.NEGATIVE_INFINITY;
    private double origin = Double.NaN; // with a fixed grid: the bins frozen at the end of the history
    private double top = Double.NaN;
    private final int[] recent; // the last `depth` symbols, recent[0] the current one; NONE where none yet
    private long symbols;
    private double runScore = Double.NaN;
    private boolean historyEnded;
    private final Continuations seen;

    /**
     * @param levels     bins over the span of the values seen
     * @param depth      longest context, in symbols (contexts of 1..depth symbols are looked at)
     * @param capacity   most continuations kept (least recently used forgotten first)
     * @param minSymbols symbols seen before a test point is scored
     * @param extremes   a value beyond the span seen scores 1
     */
    public ContextNoveltyDetector(int levels, int depth, int capacity, int minSymbols, boolean extremes) {
        this(levels, depth, capacity, minSymbols, extremes, false);
    }

    /**
     * @param fixedGrid the bins are frozen at the end of the history (its span in {@code levels} bins); a later value
     *                  beyond them falls in further bins of the same width ({@code levels} more on either side at
     *                  most), new symbols, instead of widening the bins of every level
     */
    public ContextNoveltyDetector(int levels, int depth, int capacity, int minSymbols, boolean extremes,
            boolean fixedGrid) {
        if (levels < 2 || levels > MAX_LEVELS || depth < 1 || capacity < 1 || minSymbols < 0) {
            throw new IllegalArgumentException("context: 2 <= levels <= " + MAX_LEVELS
                    + ", depth >= 1, capacity >= 1, min-symbols >= 0");
        }
        int bitsPerSymbol = 32 - Integer.numberOfLeadingZeros(3 * levels); // levels + those beyond on both sides
        if ((depth + 1) * bitsPerSymbol > 63) {
            throw new IllegalArgumentException("context: depth too large for " + levels + " levels (a key has "
                    + "(depth + 1) symbols of " + bitsPerSymbol + " bits, at most 63 bits)");
        }
        this.levels = levels;
        this.depth = depth;
        this.capacity = capacity;
        this.minSymbols = minSymbols;
        this.extremes = extremes;
        this.fixedGrid = fixedGrid;
        this.bits = bitsPerSymbol;
        this.recent = new int[depth];
        java.util.Arrays.fill(recent, NONE);
        this.seen = new Continuations(capacity);
    }

    static ContextNoveltyDetector from(Params params) {
        return new ContextNoveltyDetector(params.integer("levels", 8), params.integer("depth", 6),
                params.integer("capacity", 2000), params.integer("min-symbols", 100),
                params.bool("extremes", false), params.bool("fixed-grid", false));
    }

    @Override
    public double score(double value, double[] commands) {
        if (Double.isNaN(value)) {
            return Double.NaN;
        }
        boolean beyond = symbols > 0 && (value > high || value < low);
        low = Math.min(low, value);
        high = Math.max(high, value);
        int level = level(value);
        boolean scoring = historyEnded && symbols >= minSymbols;
        if (level != recent[0]) {
            runScore = novelty(level);
            System.arraycopy(recent, 0, recent, 1, depth - 1);
            recent[0] = level;
            symbols++;
        }
        if (!scoring) {
            return Double.NaN;
        }
        return beyond && extremes ? 1.0 : runScore;
    }

    /** The level of a value: 0 .. levels - 1 in the current span; with a fixed grid -levels .. 2 levels - 1. */
    private int level(double value) {
        if (fixedGrid && historyEnded && !(top > origin) && high > low) { // a history too short to span anything
            origin = low;
            top = high;
        }
        if (top > origin) { // fixed: the history's span in `levels` bins, further bins of that width beyond it
            if (value >= origin && value <= top) {
                return bin(value, origin, top);
            }
            double level = Math.floor((value - origin) / (top - origin) * levels);
            return (int) Math.min(2 * levels - 1, Math.max(-levels, level));
        }
        return high > low ? bin(value, low, high) : 0;
    }

    /** The bin of a value in [from, to] (to > from): 0 .. levels - 1. */
    private int bin(double value, double from, double to) {
        int level = (int) ((value - from) / (to - from) * levels);
        return Math.min(levels - 1, Math.max(0, level));
    }

    /**
     * The share of the contexts before a new symbol never followed by it (NaN when no context precedes it), then
     * learns every continuation.
     */
    private double novelty(int next) {
        int contexts = (int) Math.min(depth, symbols);
        if (contexts == 0) {
            return Double.NaN;
        }
        long[] keys = new long[contexts];
        long key = next + levels + 1;
        int unseen = 0;
        for (int k = 0; k < contexts; k++) {
            key = (key << bits) | (recent[k] + levels + 1);
            keys[k] = key;
            if (!seen.touch(key)) {
                unseen++;
            }
        }
        for (long learned : keys) {
            seen.learn(learned);
        }
        return (double) unseen / contexts;
    }

    /** Continuations learned (for tests). */
    int learned() {
        return seen.size();
    }

    @Override
    public void endOfHistory() {
        historyEnded = true;
        if (fixedGrid && high > low) {
            origin = low;
            top = high;
        }
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeBoolean(historyEnded);
        out.writeDouble(low);
        out.writeDouble(high);
        out.writeLong(symbols);
        out.writeDouble(runScore);
        out.writeDouble(origin);
        out.writeDouble(top);
        for (int symbol : recent) {
            out.writeInt(symbol);
        }
        out.writeInt(seen.size());
        for (long key : seen.keySet()) { // least recently used first
            writeVarLong(out, key);
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        historyEnded = in.readBoolean();
        low = in.readDouble();
        high = in.readDouble();
        symbols = in.readLong();
        runScore = in.readDouble();
        origin = in.readDouble();
        top = in.readDouble();
        for (int i = 0; i < depth; i++) {
            recent[i] = in.readInt();
        }
        int size = in.readInt();
        if (size < 0 || size > capacity) {
            throw new IOException("context: " + size + " continuations in a state of capacity " + capacity);
        }
        seen.clear();
        for (int i = 0; i < size; i++) {
            seen.learn(readVarLong(in));
        }
    }

    private static void writeVarLong(DataOutput out, long value) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    private static long readVarLong(DataInput in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("context: malformed key");
    }

    /** The learned continuations in least-recently-used order; the eldest goes when the capacity is passed. */
    private static final class Continuations extends LinkedHashMap<Long, Boolean> {
        private static final long serialVersionUID = 1L;
        private final int capacity;

        Continuations(int capacity) {
            super(16, 0.75f, true);
            this.capacity = capacity;
        }

        /** Whether the key was learned; marks it used. */
        boolean touch(long key) {
            return get(key) != null;
        }

        void learn(long key) {
            put(key, Boolean.TRUE);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > capacity;
        }
    }
}

package space.telemetry.data;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.NoSuchElementException;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryPoint;

/**
 * A channel's stream as the platform sends it: the train rows then the test rows, as telemetry points whose event
 * time is {@code start + position x period}, plus {@value #SPLIT_GAP} periods in the test split: Telemanom's train
 * and test arrays were recorded apart, and the jump in time tells the detectors so. Streams the files, opened on
 * first use; close it.
 */
public final class ChannelPoints implements PointStream {
    /** Periods between the last train point and the first test point, beyond the one between adjacent points. */
    public static final long SPLIT_GAP = 1000;

    private final TelemanomChannel channel;
    private final Instant start;
    private final Duration period;
    private final double[] row;
    private NpyRowReader reader;
    private Split split = Split.TRAIN;
    private long index;
    private long position;
    private boolean ready;
    private boolean opened;

    private ChannelPoints(TelemanomChannel channel, Instant start, Duration period) {
        this.channel = channel;
        this.start = start;
        this.period = period;
        this.row = new double[channel.columns()];
    }

    /** Opens a split's file and checks it still has the shape the channel was listed with. */
    private NpyRowReader openChecked(java.nio.file.Path file, long expectedRows) {
        NpyRowReader opened = NpyFile.open(file);
        if (opened.rows() != expectedRows || opened.columns() != channel.columns()) {
            opened.close();
            throw new DataFileException(file, "changed since it was listed: shape (" + opened.rows() + ", "
                    + opened.columns() + "), expected (" + expectedRows + ", " + channel.columns() + ")");
        }
        return opened;
    }

    public static ChannelPoints open(TelemanomChannel channel, Instant start, Duration period) {
        return new ChannelPoints(channel, start, period);
    }

    /** Stream position of the next point: train index, or train rows + test index. */
    public long position() {
        return position;
    }

    @Override
    public boolean hasNext() {
        if (ready) {
            return true;
        }
        if (!opened) { // lazily, so that listing many channels opens no file
            opened = true;
            reader = openChecked(channel.trainFile(), channel.trainRows());
        }
        while (reader != null) {
            if (reader.next(row)) {
                ready = true;
                return true;
            }
            long expected = split == Split.TRAIN ? channel.trainRows() : channel.testRows();
            if (reader.position() < expected) {
                throw new DataFileException(reader.header().file(), "ended after " + reader.position() + " rows");
            }
            reader.close();
            if (split == Split.TRAIN) {
                split = Split.TEST;
                index = 0;
                reader = openChecked(channel.testFile(), channel.testRows());
            } else {
                reader = null;
            }
        }
        return false;
    }

    @Override
    public TelemetryPoint next() {
        if (!hasNext()) {
            throw new NoSuchElementException(channel.id() + " has no more points");
        }
        ready = false;
        TelemetryPoint point = new TelemetryPoint(channel.spacecraft().name(), channel.id(), split, index,
                at(split == Split.TEST ? position + SPLIT_GAP : position), row[0],
                Arrays.copyOfRange(row, 1, row.length));
        index++;
        position++;
        return point;
    }

    /**
     * {@code start + steps x period}, exactly as {@code start.plus(period.multipliedBy(steps))} but without its
     * BigDecimal arithmetic, which was 7% of the replay thread's time at max speed. Exact for fewer than 9 x 10^9
     * steps (beyond, {@code multiplyExact} throws).
     */
    private Instant at(long steps) {
        return start.plusSeconds(Math.multiplyExact(period.getSeconds(), steps))
                .plusNanos(Math.multiplyExact((long) period.getNano(), steps));
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}

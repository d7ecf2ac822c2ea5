package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.EventState;
import space.telemetry.contract.Split;

/** Turns one detector's scores on one channel into open and closed anomaly events. */
final class EventTracker {
    private final String spacecraft;
    private final String channel;
    private final String detector;
    private final double threshold;
    private final EventSettings settings;
    private final int minPoints;

    private boolean open;
    private boolean muted; // the open event was not raised (the channel's refractory period): it is never published
    private boolean promotedNow; // the last observe raised a muted event (not state: read right after observe)
    private int run; // consecutive points above threshold while no event is open
    private int quiet; // consecutive points at or below threshold while an event is open
    private Split split;
    private long startIndex;
    private long endIndex;
    private long detectedIndex;
    private long startTime;
    private long endTime;
    private long detectedTime;
    private double peak;

    EventTracker(String spacecraft, String channel, DetectorSpec spec, EventSettings settings) {
        this.spacecraft = spacecraft;
        this.channel = channel;
        this.detector = spec.name();
        this.threshold = spec.threshold();
        this.settings = settings;
        this.minPoints = spec.minPoints(settings);
    }

    /**
     * Takes the score of the point at {@code index}; returns the event to publish, or null. A point that is not
     * {@code judged} (history, or grace after a jump) counts as below the threshold. An event that opens while it
     * may not be {@code raised} is muted: tracked until it closes, never published; with
     * {@link EventSettings#promoteMuted} it is raised at its first point above the threshold where it may be.
     */
    AnomalyEvent observe(boolean judged, boolean raised, Split pointSplit, long index, Instant time, long position,
            double rawScore) {
        promotedNow = false;
        double score = Math.min(rawScore, Double.MAX_VALUE); // an infinite score (a zero floor) goes out finite
        boolean above = judged && score > threshold;
        long millis = time.toEpochMilli();
        if (open) {
            if (above && muted && raised && settings.promoteMuted()) {
                return promote(pointSplit, index, millis, position, score);
            }
            if (above) {
                endIndex = index;
                endTime = Math.max(endTime, millis); // times may step back (NAB's files do): an event never ends early
                peak = Math.max(peak, score);
                quiet = 0;
                return null;
            }
            return ++quiet >= settings.closeAfter() ? close(position) : null;
        }
        if (!above) {
            run = 0;
            return null;
        }
        if (run == 0) {
            split = pointSplit;
            startIndex = index;
            startTime = millis;
            peak = score;
        } else {
            peak = Math.max(peak, score);
        }
        endIndex = index;
        endTime = Math.max(startTime, millis);
        if (++run < minPoints) {
            return null;
        }
        open = true;
        run = 0;
        quiet = 0;
        detectedIndex = index;
        detectedTime = endTime;
        muted = !raised;
        return muted ? null : event(EventState.OPEN, position);
    }

    /**
     * Raises the open, muted event after all, as a new event from this point (its muted part is never published):
     * the detector still fires after the channel's refractory period.
     */
    private AnomalyEvent promote(Split pointSplit, long index, long millis, long position, double score) {
        muted = false;
        promotedNow = true;
        quiet = 0;
        split = pointSplit;
        startIndex = index;
        endIndex = index;
        detectedIndex = index;
        startTime = millis;
        endTime = millis;
        detectedTime = millis;
        peak = score;
        return event(EventState.OPEN, position);
    }

    /**
     * Whether the event the last {@link #observe} returned was a muted event raised after all: it continues an
     * incident the channel has paged, so it starts no refractory period of its own.
     */
    boolean promotedNow() {
        return promotedNow;
    }

    /** Closes the open event, if any, because its split has ended. */
    AnomalyEvent endOfSplit(long position) {
        run = 0;
        return open ? close(position) : null;
    }

    private AnomalyEvent close(long position) {
        open = false;
        quiet = 0;
        if (muted) {
            muted = false;
            return null;
        }
        return event(EventState.CLOSED, position);
    }

    private AnomalyEvent event(EventState state, long revision) {
        return new AnomalyEvent(AnomalyEvent.idFor(channel, detector, split, startIndex), spacecraft, channel,
                detector, split, startIndex, endIndex, detectedIndex, Instant.ofEpochMilli(startTime),
                Instant.ofEpochMilli(endTime), Instant.ofEpochMilli(detectedTime), peak, threshold, state, revision);
    }

    void write(DataOutput out) throws IOException {
        out.writeBoolean(open);
        out.writeBoolean(muted);
        out.writeInt(run);
        out.writeInt(quiet);
        out.writeByte(split == null ? -1 : split.ordinal());
        out.writeLong(startIndex);
        out.writeLong(endIndex);
        out.writeLong(detectedIndex);
        out.writeLong(startTime);
        out.writeLong(endTime);
        out.writeLong(detectedTime);
        out.writeDouble(peak);
    }

    void read(DataInput in) throws IOException {
        open = in.readBoolean();
        muted = in.readBoolean();
        run = in.readInt();
        quiet = in.readInt();
        int splitOrdinal = in.readByte();
        split = splitOrdinal < 0 ? null : Split.values()[splitOrdinal];
        startIndex = in.readLong();
        endIndex = in.readLong();
        detectedIndex = in.readLong();
        startTime = in.readLong();
        endTime = in.readLong();
        detectedTime = in.readLong();
        peak = in.readDouble();
    }
}

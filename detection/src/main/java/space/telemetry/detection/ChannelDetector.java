package space.telemetry.detection;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.EventState;
import space.telemetry.contract.InvalidRecordException;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryJson;
import space.telemetry.contract.TelemetryPoint;

/**
 * Everything the platform knows about one channel: its detectors, their event trackers and its position in the
 * stream. The streaming service and the offline evaluation both run channels through this class.
 */
public final class ChannelDetector {
    static final int STATE_VERSION = 7; // 2: deflated body; 3: guard, commands; 4: guard spread, time step;
                                        // 5: refractory (last alarm, muted events); 6: forecasters' error
                                        // windows as floats, first-fit; 7: seasonal's short period

    /** Where a point stands relative to the last one processed. */
    public enum Order {
        /** The point that follows the last one. */
        NEXT,
        /** Already processed (a replay sent it again): skip it. */
        DUPLICATE,
        /** Later than the next expected point: points were lost; it is processed anyway. */
        GAP
    }

    /**
     * What {@link #process} did with a point.
     *
     * @param order  where the point stood: a {@link Order#DUPLICATE} was skipped and changed nothing
     * @param events the events to publish (none for a duplicate)
     * @param score  the point's anomaly score in [0, 1]: the highest of the detectors' scores, each mapped by
     *               {@link #normalized} so that 0.5 is its threshold; NaN for a duplicate
     */
    public record Outcome(Order order, List<AnomalyEvent> events, double score) {
    }

    /**
     * The model fits that processing a point needs first, as a pure task over private copies of the histories: run it
     * on any thread, then hand its result to {@link #process(TelemetryPoint, Fitted)} with that same point.
     */
    public static final class Fit {
        private final ChannelDetector owner;
        private final long position;
        private final List<Supplier<Object>> tasks;

        private Fit(ChannelDetector owner, long position, List<Supplier<Object>> tasks) {
            this.owner = owner;
            this.position = position;
            this.tasks = tasks;
        }

        public String channel() {
            return owner.channel;
        }

        /** Runs the fits (CPU-bound, touching nothing the channel holds). */
        public Fitted run() {
            Object[] models = new Object[tasks.size()];
            for (int i = 0; i < models.length; i++) {
                models[i] = tasks.get(i) == null ? null : tasks.get(i).get();
            }
            return new Fitted(owner, position, models);
        }
    }

    /** What a {@link Fit} computed: one model per detector (null for the detectors that fit nothing). */
    public static final class Fitted {
        private final ChannelDetector owner;
        private final long position;
        private final Object[] models;

        private Fitted(ChannelDetector owner, long position, Object[] models) {
            this.owner = owner;
            this.position = position;
            this.models = models;
        }
    }

    private final DetectionConfig config;
    private final String spacecraft;
    private final String channel;
    private final List<Detector> detectors = new ArrayList<>();
    private final List<EventTracker> trackers = new ArrayList<>();
    private final InputGuard guard = new InputGuard();
    private int commandCount = -1; // command features per point, set by the first point
    private Split lastSplit;
    private long lastIndex = -1;
    private long trainPoints;
    private long lastMillis = Long.MIN_VALUE; // event time of the last point processed
    private long lastStepMillis = -1; // time from the point before it to that point, within the history
    private boolean graceAfterJump = true; // the test split began after a jump in time: its first points are not judged
    private long lastAlarm = -1; // stream position of the channel's last raised event, -1 before the first

    public ChannelDetector(DetectionConfig config, String spacecraft, String channel) {
        this.config = config;
        this.spacecraft = spacecraft;
        this.channel = channel;
        for (DetectorSpec spec : config.detectors()) {
            detectors.add(DetectorFactory.create(spec));
            trackers.add(new EventTracker(spacecraft, channel, spec, config.events()));
        }
    }

    public String channel() {
        return channel;
    }

    /** Classifies the point against the last processed one. */
    private Order order(TelemetryPoint point) {
        if (lastSplit == null) {
            return point.index() == 0 ? Order.NEXT : Order.GAP;
        }
        if (point.split() == lastSplit) {
            if (point.index() <= lastIndex) {
                return Order.DUPLICATE;
            }
            return point.index() == lastIndex + 1 ? Order.NEXT : Order.GAP;
        }
        if (point.split() == Split.TRAIN) { // train after test: the stream was replayed from the start
            return Order.DUPLICATE;
        }
        return point.index() == 0 ? Order.NEXT : Order.GAP;
    }

    /**
     * Places the point in the channel's stream and, unless it is a {@link Order#DUPLICATE} (skipped: nothing
     * changes), scores it with every detector. The detectors see the value capped by the channel's
     * {@link InputGuard}.
     *
     * @throws InvalidRecordException before any state changes, when a point that is not a duplicate breaks the record
     *                                contract or has another number of command features than the channel's earlier
     *                                points
     */
    public Outcome process(TelemetryPoint point) {
        Order order = order(point);
        if (order == Order.DUPLICATE) {
            return new Outcome(order, List.of(), Double.NaN);
        }
        check(point);
        List<AnomalyEvent> events = new ArrayList<>(0);
        long millis = point.eventTime().toEpochMilli();
        if (point.split() == Split.TEST && lastSplit == Split.TRAIN) {
            trainPoints = lastIndex + 1;
            graceAfterJump = lastStepMillis < 0 || millis - lastMillis > 2 * lastStepMillis;
            for (EventTracker tracker : trackers) {
                addIfPresent(events, tracker.endOfSplit(trainPoints - 1));
            }
        }
        if (point.split() == Split.TEST && lastSplit != Split.TEST) { // the history ends (or there was none)
            for (Detector detector : detectors) {
                detector.endOfHistory();
            }
        }
        long position = point.split() == Split.TEST ? trainPoints + point.index() : point.index();
        double value = guard.apply(point.value());
        double pointScore = 0.0;
        boolean judged = point.split() == Split.TEST
                ? !graceAfterJump || point.index() >= config.events().testGrace() : config.events().alertOnTrain();
        int refractory = config.events().refractory();
        for (int i = 0; i < detectors.size(); i++) {
            double score = detectors.get(i).score(value, point.commands());
            boolean raised = refractory == 0 || lastAlarm < 0 || position - lastAlarm > refractory;
            AnomalyEvent event = trackers.get(i).observe(judged, raised, point.split(), point.index(),
                    point.eventTime(), position, score);
            if (event != null && event.state() == EventState.OPEN && !trackers.get(i).promotedNow()) {
                lastAlarm = position; // a promoted event continues a paged incident: no new refractory period
            }
            addIfPresent(events, event);
            pointScore = Math.max(pointScore, normalized(score, config.detectors().get(i).threshold()));
        }
        commandCount = point.commands().length;
        if (point.split() == Split.TRAIN && lastSplit == Split.TRAIN) {
            lastStepMillis = millis - lastMillis;
        }
        lastMillis = millis;
        lastSplit = point.split();
        lastIndex = point.index();
        return new Outcome(order, events, pointScore);
    }

    /**
     * The slow model fits that {@link #process} would run inline for this point (null: none), to run elsewhere; the
     * channel must then process nothing before it processes this point with the fits' result. Changes nothing.
     *
     * @throws InvalidRecordException as {@link #process} would for this point, when a fit is due or its command
     *                                features do not fit the channel (else {@link #process} throws it)
     */
    public Fit fitFor(TelemetryPoint point) {
        if (point.split() != Split.TEST || order(point) == Order.DUPLICATE) {
            return null; // the history (train split) fits nothing
        }
        if (point.commands() == null || (commandCount >= 0 && point.commands().length != commandCount)) {
            check(point); // throws: the detectors are not asked with commands they cannot take
        }
        boolean endsHistory = lastSplit != Split.TEST;
        double[] guarded = {Double.NaN};
        DoubleSupplier value = () -> {
            if (Double.isNaN(guarded[0])) {
                guarded[0] = guard.peek(point.value());
            }
            return guarded[0];
        };
        List<Supplier<Object>> tasks = new ArrayList<>(detectors.size());
        boolean any = false;
        for (Detector detector : detectors) {
            Supplier<Object> task = detector.fitBefore(value, point.commands(), endsHistory);
            any |= task != null;
            tasks.add(task);
        }
        if (!any) {
            return null;
        }
        check(point); // only now: the common case (nothing to fit) costs no second check
        return new Fit(this, streamPosition(), tasks);
    }

    /**
     * {@link #process(TelemetryPoint)} with the result of the {@link Fit} that {@link #fitFor} gave for this point
     * (null: fits inline, if any): the same outcome and state as processing it inline.
     *
     * @throws IllegalStateException when the fits were made for another channel or another point
     */
    public Outcome process(TelemetryPoint point, Fitted fitted) {
        if (fitted == null) {
            return process(point);
        }
        if (fitted.owner != this || fitted.position != streamPosition()) {
            throw new IllegalStateException("channel " + channel + ": fits made for another channel or point");
        }
        for (int i = 0; i < detectors.size(); i++) {
            detectors.get(i).useFitted(fitted.models[i]);
        }
        try {
            return process(point);
        } finally {
            for (Detector detector : detectors) {
                detector.useFitted(null); // one point only: a fit it did not take is never taken later
            }
        }
    }

    /** Identifies the last point processed: a {@link Fit} belongs to the state it was made from. */
    private long streamPosition() {
        return lastSplit == null ? -1 : (lastSplit == Split.TEST ? trainPoints + lastIndex + (1L << 40) : lastIndex);
    }

    /**
     * A detector's score on the common [0, 1] scale: {@code x / (1 + x)} of the score in units of the detector's
     * threshold, so 0.5 at the threshold, 0.8 at four times it, 1 for an infinite score; 0 while it warms up (NaN).
     * Every detector and channel alarms above 0.5, so one plot and one alert rule serve them all.
     */
    public static double normalized(double score, double threshold) {
        if (Double.isNaN(score)) {
            return 0.0;
        }
        if (threshold <= 0 || Double.isInfinite(score)) {
            return score > threshold ? 1.0 : 0.0;
        }
        if (score <= 0) {
            return 0.0;
        }
        double x = score / threshold;
        return x / (1.0 + x);
    }

    /** Throws for a point that cannot be applied whole (what a detector or tracker would fail on half-way). */
    private void check(TelemetryPoint point) {
        if (commandCount >= 0 && point.commands() != null && point.commands().length != commandCount) {
            throw new InvalidRecordException("channel " + channel + ": point has " + point.commands().length
                    + " command features, the channel's earlier points had " + commandCount);
        }
        TelemetryJson.checkPoint(point);
        if (!point.channel().equals(channel)) {
            throw new InvalidRecordException("a point of channel " + point.channel() + " given to channel " + channel);
        }
        if (!point.spacecraft().equals(spacecraft)) {
            throw new InvalidRecordException("channel " + channel + " belongs to " + spacecraft + ", not to "
                    + point.spacecraft());
        }
    }

    private static void addIfPresent(List<AnomalyEvent> events, AnomalyEvent event) {
        if (event != null) {
            events.add(event);
        }
    }

    /**
     * The complete state, to be restored with {@link #restore}: a version, then the deflated state (windows of
     * errors and normal equations of sparse one-hot commands compress to about half).
     */
    public byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            new DataOutputStream(bytes).writeInt(STATE_VERSION);
            try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes, deflater, 8192))) {
                writeBody(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return bytes.toByteArray();
    }

    private void writeBody(DataOutputStream out) throws IOException {
        out.writeUTF(config.fingerprint());
        out.writeUTF(spacecraft);
        out.writeUTF(channel);
        out.writeByte(lastSplit == null ? -1 : lastSplit.ordinal());
        out.writeLong(lastIndex);
        out.writeLong(trainPoints);
        out.writeInt(commandCount);
        out.writeLong(lastMillis);
        out.writeLong(lastStepMillis);
        out.writeBoolean(graceAfterJump);
        out.writeLong(lastAlarm);
        guard.write(out);
        for (int i = 0; i < detectors.size(); i++) {
            detectors.get(i).writeState(out);
            trackers.get(i).write(out);
        }
    }

    /**
     * Rebuilds a channel from a {@link #snapshot}; empty when the snapshot was taken under another configuration
     * or in an older snapshot format (the channel then starts afresh).
     *
     * @throws IllegalArgumentException when the bytes are not a snapshot
     */
    public static Optional<ChannelDetector> restore(DetectionConfig config, byte[] snapshot) {
        try (DataInputStream head = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            if (head.readInt() != STATE_VERSION) {
                return Optional.empty();
            }
            try (DataInputStream in = new DataInputStream(new InflaterInputStream(head))) {
                return restoreBody(config, in);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a channel snapshot: " + e.getMessage(), e);
        }
    }

    private static Optional<ChannelDetector> restoreBody(DetectionConfig config, DataInputStream in) throws IOException {
        if (!config.fingerprint().equals(in.readUTF())) {
            return Optional.empty();
        }
        ChannelDetector restored = new ChannelDetector(config, in.readUTF(), in.readUTF());
        int splitOrdinal = in.readByte();
        restored.lastSplit = splitOrdinal < 0 ? null : Split.values()[splitOrdinal];
        restored.lastIndex = in.readLong();
        restored.trainPoints = in.readLong();
        restored.commandCount = in.readInt();
        restored.lastMillis = in.readLong();
        restored.lastStepMillis = in.readLong();
        restored.graceAfterJump = in.readBoolean();
        restored.lastAlarm = in.readLong();
        restored.guard.read(in);
        for (int i = 0; i < restored.detectors.size(); i++) {
            restored.detectors.get(i).readState(in);
            restored.trackers.get(i).read(in);
        }
        if (in.read() != -1) {
            throw new IOException("trailing bytes");
        }
        return Optional.of(restored);
    }
}

package space.telemetry.contract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** JSON wire format of the topic records, with the checks a consumer applies before trusting one. */
public final class TelemetryJson {
    private static final int EXCERPT = 100;

    /** The mapper every service uses for topic records: ISO-8601 times, unknown fields ignored. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();

    private TelemetryJson() {
    }

    public static byte[] write(Object record) {
        try {
            return MAPPER.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes and validates a {@code telemetry.raw} record in the JSON form only; the exception message says what is
     * wrong. Consumers of the topic use {@link TelemetryCodec#readPoint}, which takes the binary form as well.
     */
    public static TelemetryPoint readPoint(String key, byte[] value) {
        TelemetryPoint point = read(value, TelemetryPoint.class);
        checkPoint(point);
        checkKey(point, key);
        return point;
    }

    /** The record key of a point must be its channel. */
    static void checkKey(TelemetryPoint point, String key) {
        require(point.channel().equals(key), () -> key == null ? "key is missing"
                : "key '" + excerpt(key) + "' does not match channel '" + point.channel() + "'");
    }

    /**
     * Checks every field of a point against {@link Limits}: names, split, index, event time, a finite bounded value
     * and command features (24 for SMAP, 54 for MSL, at most {@link Limits#MAX_COMMANDS} for other sources).
     *
     * @throws InvalidRecordException naming the field and the problem
     */
    public static void checkPoint(TelemetryPoint point) {
        checkName("spacecraft", point.spacecraft());
        checkName("channel", point.channel());
        require(point.split() != null, () -> "split is missing");
        checkIndex("index", point.index());
        checkTime("eventTime", point.eventTime());
        checkValue("value", point.value());
        double[] commands = point.commands();
        require(commands != null, () -> "commands is missing");
        require(commands.length <= Limits.MAX_COMMANDS,
                () -> "commands has " + commands.length + " features, at most " + Limits.MAX_COMMANDS + " allowed");
        for (Spacecraft spacecraft : Spacecraft.values()) {
            require(!spacecraft.name().equals(point.spacecraft()) || commands.length == spacecraft.columns() - 1,
                    () -> "commands has " + commands.length + " features, " + spacecraft + " points have "
                            + (spacecraft.columns() - 1));
        }
        for (int i = 0; i < commands.length; i++) {
            int at = i;
            require(isBounded(commands[i]), () -> unbounded("commands[" + at + "]", commands[at]));
        }
    }

    /** Decodes and validates a {@code telemetry.anomalies} record. */
    public static AnomalyEvent readEvent(byte[] value) {
        AnomalyEvent event = read(value, AnomalyEvent.class);
        checkEvent(event);
        return event;
    }

    /** Checks every field of an event against {@link Limits}. */
    public static void checkEvent(AnomalyEvent event) {
        require(event.id() != null, () -> "id is missing");
        require(Limits.CANONICAL_UUID.matcher(event.id()).matches(),
                () -> "id must be a canonical UUID, got '" + excerpt(event.id()) + "'");
        checkName("spacecraft", event.spacecraft());
        checkName("channel", event.channel());
        checkName("detector", event.detector());
        require(event.split() != null, () -> "split is missing");
        require(event.state() != null, () -> "state is missing");
        checkIndex("startIndex", event.startIndex());
        checkIndex("endIndex", event.endIndex());
        checkIndex("detectedIndex", event.detectedIndex());
        require(event.startIndex() <= event.endIndex(),
                () -> "startIndex " + event.startIndex() + " is after endIndex " + event.endIndex());
        checkTime("startTime", event.startTime());
        checkTime("endTime", event.endTime());
        checkTime("detectedTime", event.detectedTime());
        require(!event.startTime().isAfter(event.endTime()),
                () -> "startTime " + event.startTime() + " is after endTime " + event.endTime());
        require(Double.isFinite(event.peakScore()),
                () -> "peakScore must be a finite number, got " + event.peakScore());
        require(Double.isFinite(event.threshold()),
                () -> "threshold must be a finite number, got " + event.threshold());
        require(event.revision() >= 0, () -> "revision must be >= 0, got " + event.revision());
    }

    /**
     * Decodes and validates a {@code telemetry.scores} record (streaming: no object per point); the exception message
     * says what is wrong and where.
     */
    public static ScoreBatch readScores(String key, byte[] value) {
        if (value == null || value.length == 0) {
            throw new InvalidRecordException("value is empty");
        }
        if (value.length > Limits.MAX_SCORE_RECORD_BYTES) {
            throw new InvalidRecordException("value is " + value.length + " bytes long, at most "
                    + Limits.MAX_SCORE_RECORD_BYTES + " allowed");
        }
        ScoreBatch batch;
        try (JsonParser in = MAPPER.createParser(value)) {
            batch = ScoreReader.read(in);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("not a valid ScoreBatch: " + excerpt(firstLine(e.getOriginalMessage())),
                    e);
        } catch (IOException e) {
            throw new InvalidRecordException("not a valid ScoreBatch: " + excerpt(firstLine(e.getMessage())), e);
        }
        checkScores(batch);
        require(batch.channel().equals(key), () -> key == null ? "key is missing"
                : "key '" + excerpt(key) + "' does not match channel '" + batch.channel() + "'");
        return batch;
    }

    /**
     * Checks a score batch: names, split, a threshold and scores in [0, 1], between 1 and
     * {@link Limits#MAX_SCORE_POINTS} points in strictly increasing index order, times and values within
     * {@link Limits}.
     */
    public static void checkScores(ScoreBatch batch) {
        checkName("spacecraft", batch.spacecraft());
        checkName("channel", batch.channel());
        require(batch.split() != null, () -> "split is missing");
        require(isScore(batch.threshold()), () -> "threshold must be between 0 and 1, got " + batch.threshold());
        int size = batch.indices().length;
        require(size > 0, () -> "points is empty");
        require(size <= Limits.MAX_SCORE_POINTS,
                () -> "points has " + size + " points, at most " + Limits.MAX_SCORE_POINTS + " allowed");
        require(batch.times().length == size && batch.values().length == size && batch.scores().length == size,
                () -> "points columns differ in length");
        long minTime = Limits.MIN_TIME.toEpochMilli();
        long maxTime = Limits.MAX_TIME.toEpochMilli();
        for (int i = 0; i < size; i++) {
            int at = i;
            long index = batch.indices()[i];
            require(index >= 0 && index <= Limits.MAX_INDEX, () -> "points[" + at + "] index must be between 0 and "
                    + Limits.MAX_INDEX + ", got " + index);
            require(i == 0 || index > batch.indices()[i - 1], () -> "points[" + at + "] index " + index
                    + " does not follow index " + batch.indices()[at - 1] + " (indices must increase)");
            long time = batch.times()[i];
            require(time >= minTime && time <= maxTime, () -> "points[" + at + "] time must be between "
                    + Limits.MIN_TIME + " and " + Limits.MAX_TIME + ", got " + time + " ms");
            double pointValue = batch.values()[i];
            require(isBounded(pointValue), () -> unbounded("points[" + at + "] value", pointValue));
            float score = batch.scores()[i];
            require(isScore(score), () -> "points[" + at + "] score must be between 0 and 1, got " + score);
        }
    }

    private static boolean isScore(double score) {
        return score >= 0 && score <= 1; // false for NaN
    }

    private static void checkName(String field, String name) {
        require(name != null && !name.isEmpty(), () -> field + " is missing");
        require(name.length() <= Limits.MAX_NAME_LENGTH, () -> field + " is " + name.length()
                + " characters long, at most " + Limits.MAX_NAME_LENGTH + " allowed");
        require(Limits.NAME.matcher(name).matches(), () -> field + " '" + excerpt(name)
                + "' must be letters, digits and . _ : / - only, starting with a letter or digit");
    }

    private static void checkIndex(String field, long index) {
        require(index >= 0 && index <= Limits.MAX_INDEX,
                () -> field + " must be between 0 and " + Limits.MAX_INDEX + ", got " + index);
    }

    private static void checkTime(String field, Instant time) {
        require(time != null, () -> field + " is missing");
        require(!time.isBefore(Limits.MIN_TIME) && !time.isAfter(Limits.MAX_TIME),
                () -> field + " must be between " + Limits.MIN_TIME + " and " + Limits.MAX_TIME + ", got " + time);
    }

    private static void checkValue(String field, double value) {
        require(isBounded(value), () -> unbounded(field, value));
    }

    private static boolean isBounded(double value) {
        return Double.isFinite(value) && Math.abs(value) <= Limits.MAX_ABS_VALUE;
    }

    private static String unbounded(String field, double value) {
        return field + " must be a finite number of magnitude at most " + Limits.MAX_ABS_VALUE + ", got " + value;
    }

    private static <T> T read(byte[] value, Class<T> type) {
        if (value == null || value.length == 0) {
            throw new InvalidRecordException("value is empty");
        }
        if (value.length > Limits.MAX_RECORD_BYTES) {
            throw new InvalidRecordException("value is " + value.length + " bytes long, at most "
                    + Limits.MAX_RECORD_BYTES + " allowed");
        }
        try {
            return MAPPER.readValue(value, type);
        } catch (JsonMappingException e) { // say where: "commands[2]: Cannot deserialize value of type ..."
            String path = e.getPath().stream().map(reference -> reference.getFieldName() != null
                    ? "." + reference.getFieldName() : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining());
            String where = path.isEmpty() ? "" : path.substring(path.startsWith(".") ? 1 : 0) + ": ";
            String problem = e instanceof ValueInstantiationException && e.getCause() != null
                    ? e.getCause().getMessage() : e.getOriginalMessage(); // a check in a constructor says what
            throw new InvalidRecordException("not a valid " + type.getSimpleName() + ": " + where
                    + excerpt(firstLine(problem)), e);
        } catch (IOException | DateTimeException | ArithmeticException | IllegalArgumentException e) {
            throw new InvalidRecordException("not a valid " + type.getSimpleName() + ": "
                    + excerpt(firstLine(e.getMessage())), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** At most {@value #EXCERPT} characters of untrusted text, printable ASCII only, for messages. */
    static String excerpt(String text) {
        if (text == null) {
            return "unreadable";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), EXCERPT) + 3);
        for (int i = 0; i < text.length() && i < EXCERPT; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return text.length() > EXCERPT ? out.append("...").toString() : out.toString();
    }

    private static void require(boolean condition, Supplier<String> reason) { // the message only when it fails
        if (!condition) {
            throw new InvalidRecordException(reason.get());
        }
    }

    public static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}

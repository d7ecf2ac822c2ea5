package space.telemetry.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** JSON wire format of the topic records, with the checks a consumer applies before trusting one. */
public final class TelemetryJson {
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

    /** Decodes and validates a {@code telemetry.raw} record; the exception message says what is wrong. */
    public static TelemetryPoint readPoint(String key, byte[] value) {
        TelemetryPoint point = read(value, TelemetryPoint.class);
        require(point.spacecraft() != null && !point.spacecraft().isBlank(), "spacecraft is missing");
        require(point.channel() != null && !point.channel().isBlank(), "channel is missing");
        require(key == null || key.equals(point.channel()),
                "key '" + key + "' does not match channel '" + point.channel() + "'");
        require(point.split() != null, "split is missing");
        require(point.index() >= 0, "index must be >= 0, got " + point.index());
        require(point.eventTime() != null, "eventTime is missing");
        require(Double.isFinite(point.value()), "value must be a finite number, got " + point.value());
        require(point.commands() != null, "commands is missing");
        return point;
    }

    /** Decodes and validates a {@code telemetry.anomalies} record. */
    public static AnomalyEvent readEvent(byte[] value) {
        AnomalyEvent event = read(value, AnomalyEvent.class);
        require(event.id() != null && !event.id().isBlank(), "id is missing");
        require(event.channel() != null && !event.channel().isBlank(), "channel is missing");
        require(event.spacecraft() != null && !event.spacecraft().isBlank(), "spacecraft is missing");
        require(event.detector() != null && !event.detector().isBlank(), "detector is missing");
        require(event.split() != null, "split is missing");
        require(event.state() != null, "state is missing");
        require(event.startIndex() >= 0 && event.endIndex() >= event.startIndex(),
                "indices must satisfy 0 <= startIndex <= endIndex, got " + event.startIndex() + ".." + event.endIndex());
        require(event.startTime() != null && event.endTime() != null && event.detectedTime() != null,
                "startTime, endTime and detectedTime are required");
        return event;
    }

    private static <T> T read(byte[] value, Class<T> type) {
        if (value == null || value.length == 0) {
            throw new InvalidRecordException("value is empty");
        }
        try {
            return MAPPER.readValue(value, type);
        } catch (IOException e) {
            throw new InvalidRecordException("not a valid " + type.getSimpleName() + ": " + firstLine(e.getMessage()), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static void require(boolean condition, String reason) {
        if (!condition) {
            throw new InvalidRecordException(reason);
        }
    }

    public static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}

package space.telemetry.evaluation.nab;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/** NAB's timestamps: {@code yyyy-MM-dd HH:mm:ss} with an optional fraction of a second ('T' also separates). */
public final class NabTimestamps {
    private static final DateTimeFormatter PARSER = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private NabTimestamps() {
    }

    /** Parses a timestamp; throws {@link DateTimeParseException} when it is not one. */
    public static LocalDateTime parse(String text) {
        return LocalDateTime.parse(text.strip().replace('T', ' '), PARSER);
    }

    /** The timestamp as NAB's data files write it (whole seconds). */
    public static String format(LocalDateTime time) {
        return FORMAT.format(time);
    }
}

package space.telemetry.data.nab;

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
        String t = text.strip();
        if (t.length() == 19 && plain(t)) { // the common form, without the formatter's cost
            try {
                return LocalDateTime.of(digits(t, 0, 4), digits(t, 5, 7), digits(t, 8, 10), digits(t, 11, 13),
                        digits(t, 14, 16), digits(t, 17, 19));
            } catch (java.time.DateTimeException e) {
                throw new DateTimeParseException(e.getMessage(), t, 0, e);
            }
        }
        return LocalDateTime.parse(t.replace('T', ' '), PARSER);
    }

    private static boolean plain(String t) {
        for (int i = 0; i < 19; i++) {
            char c = t.charAt(i);
            boolean ok = switch (i) {
                case 4, 7 -> c == '-';
                case 10 -> c == ' ';
                case 13, 16 -> c == ':';
                default -> c >= '0' && c <= '9';
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static int digits(String t, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (t.charAt(i) - '0');
        }
        return value;
    }

    /** The timestamp as NAB's data files write it (whole seconds). */
    public static String format(LocalDateTime time) {
        return FORMAT.format(time);
    }
}

package space.telemetry.data.csv;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/**
 * The timestamps a CSV series may use: an ISO-8601 date-time with an offset or {@code Z}, one without (taken as
 * UTC; a space may replace the {@code T}), or epoch time as a number: an integer below 10^11 in magnitude is
 * seconds, a larger one milliseconds, a decimal fraction is seconds.
 */
public final class CsvTimestamps {
    /** Integers of this magnitude and more are epoch milliseconds (10^11 seconds would be the year 5138). */
    public static final long MILLIS_FROM = 100_000_000_000L;
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,12}\\.\\d{1,9}");

    private CsvTimestamps() {
    }

    /**
     * The instant a field names.
     *
     * @throws IllegalArgumentException when it is none of the accepted forms
     */
    public static Instant parse(String field) {
        String t = field.strip();
        try {
            if (INTEGER.matcher(t).matches()) {
                long n = Long.parseLong(t);
                return Math.abs(n) < MILLIS_FROM ? Instant.ofEpochSecond(n) : Instant.ofEpochMilli(n);
            }
            if (DECIMAL.matcher(t).matches()) {
                BigDecimal seconds = new BigDecimal(t);
                BigDecimal whole = new BigDecimal(seconds.toBigInteger());
                return Instant.ofEpochSecond(whole.longValueExact(),
                        seconds.subtract(whole).movePointRight(9).longValue());
            }
            String iso = t.length() > 10 && t.charAt(10) == ' ' ? t.substring(0, 10) + 'T' + t.substring(11) : t;
            if (hasOffset(iso)) {
                return OffsetDateTime.parse(iso).toInstant();
            }
            return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + t + "' is not a timestamp (ISO-8601 such as 2026-01-01T00:00:00Z,"
                    + " or epoch seconds or milliseconds)", e);
        }
    }

    private static boolean hasOffset(String iso) {
        int time = iso.indexOf('T');
        if (time < 0) {
            return false;
        }
        String rest = iso.substring(time);
        return rest.endsWith("Z") || rest.endsWith("z") || rest.indexOf('+') >= 0 || rest.indexOf('-') >= 0;
    }
}

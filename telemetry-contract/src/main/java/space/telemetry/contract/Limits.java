package space.telemetry.contract;

import java.time.Instant;
import java.util.regex.Pattern;

/** The bounds every record and request field is held to where it enters the platform. */
public final class Limits {
    /** Earliest event time accepted (PostgreSQL, Kafka and JavaScript all represent it exactly). */
    public static final Instant MIN_TIME = Instant.parse("1900-01-01T00:00:00Z");
    /** Latest event time accepted. */
    public static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59Z");
    /** Longest spacecraft/source, channel or detector name. */
    public static final int MAX_NAME_LENGTH = 128;
    /** Names: letters, digits and {@code . _ - : /}, starting with a letter or digit. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0," + (MAX_NAME_LENGTH - 1) + "}");
    /** Most command features a point may carry (MSL has 54, SMAP 24). */
    public static final int MAX_COMMANDS = 64;
    /** Largest index in a split. */
    public static final long MAX_INDEX = 1L << 40;
    /** Largest absolute sensor or command value accepted. */
    public static final double MAX_ABS_VALUE = 1e12;
    /** Largest record value accepted, in bytes, checked before parsing (a point or an event takes under 1 KiB). */
    public static final int MAX_RECORD_BYTES = 64 * 1024;
    /** Most points a {@code telemetry.scores} record may carry. */
    public static final int MAX_SCORE_POINTS = 2000;
    /** Largest {@code telemetry.scores} record value accepted, in bytes ({@link #MAX_SCORE_POINTS} take under 160 KiB). */
    public static final int MAX_SCORE_RECORD_BYTES = 512 * 1024;
    /** Event ids: a UUID in its canonical 8-4-4-4-12 hex form. */
    public static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Limits() {
    }
}

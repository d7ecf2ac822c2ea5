package space.telemetry.store.service;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One operator verdict on an anomaly event, as recorded (a row of table verdicts). */
@Schema(name = "Verdict", description = "An operator's verdict on an anomaly event; every verdict is kept.")
public record Verdict(
        @Schema(description = "Verdict id, increasing in the order verdicts were recorded") long id,
        UUID eventId,
        @Schema(enumeration = {"confirmed", "false-alarm", "expected"}) String verdict,
        @Schema(description = "Free text, at most 2000 characters", nullable = true) String note,
        @Schema(description = "The principal name of the token that recorded it") String author,
        Instant createdAt) {

    /** The verdict values: a real anomaly, a false alarm, a known or expected behaviour. */
    public static final String CONFIRMED = "confirmed";
    public static final String FALSE_ALARM = "false-alarm";
    public static final String EXPECTED = "expected";
    /** Longest note. */
    public static final int MAX_NOTE = 2000;
}

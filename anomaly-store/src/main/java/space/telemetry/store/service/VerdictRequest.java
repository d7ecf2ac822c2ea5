package space.telemetry.store.service;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of POST /anomalies/{id}/verdicts. */
@Schema(name = "VerdictRequest", description = "A verdict to record on an anomaly event.")
public record VerdictRequest(
        @Schema(required = true, enumeration = {"confirmed", "false-alarm", "expected"})
        @NotNull(message = "is required")
        @Pattern(regexp = "confirmed|false-alarm|expected", message = "must be confirmed, false-alarm or expected")
        String verdict,
        @Schema(description = "Optional note, at most 2000 characters", maxLength = Verdict.MAX_NOTE)
        @Size(max = Verdict.MAX_NOTE, message = "must be at most 2000 characters")
        @Pattern(regexp = "[\\P{Cc}\\n\\r\\t]*",
                message = "must not hold control characters other than line breaks and tabs")
        String note) {
}

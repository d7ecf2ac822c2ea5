package space.telemetry.store.service;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One imported label: a labelled sequence (inclusive indices of its split) of a channel. */
@Schema(name = "Label", description = "A known anomaly label imported from a labels file.")
public record Label(
        long id,
        @Schema(description = "The name given at import, e.g. nasa") String source,
        String channel,
        String spacecraft,
        @Schema(enumeration = {"train", "test"}) String split,
        long startIndex,
        long endIndex,
        @Schema(description = "The label's class, e.g. point or contextual") String labelClass,
        Instant importedAt,
        @Schema(description = "The principal name of the token that imported it") String importedBy) {
}

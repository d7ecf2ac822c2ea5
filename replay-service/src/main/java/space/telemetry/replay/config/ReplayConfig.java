package space.telemetry.replay.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Typed {@code replay.*} configuration: where the data is, how event times are laid out, how much is in flight. */
@ConfigMapping(prefix = "replay")
public interface ReplayConfig {
    /**
     * Telemanom data directory (train/, test/, labeled_anomalies.csv). When unset: env TELEMANOM_DIR, then
     * -Dtelemanom.dir, then ../shared/telemanom or ../../shared/telemanom.
     */
    Optional<String> dataDir();

    /** Event-time step between two consecutive points of a channel. */
    @WithDefault("PT1M")
    Duration period();

    /**
     * Event time of position 0 when a request gives none. Fixed (not "now") so that replaying the same channels
     * yields identical records.
     */
    @WithDefault("2026-01-01T00:00:00Z")
    Instant startTime();

    /** Sends awaiting their broker acknowledgement, per replay: the backpressure bound. */
    @WithDefault("1024")
    @Min(1)
    int maxInFlight();

    /** Replays that may run at the same time; more are refused with 409. */
    @WithDefault("4")
    @Min(1)
    int maxRunning();

    /** Finished replays kept for GET /replays (oldest dropped first). */
    @WithDefault("100")
    @Min(1)
    int history();
}

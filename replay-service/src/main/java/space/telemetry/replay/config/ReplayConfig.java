package space.telemetry.replay.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import space.telemetry.contract.WireFormat;
import space.telemetry.data.DatasetKind;

/** Typed {@code replay.*} configuration: which data and where it is, how event times are laid out, how much is in flight. */
@ConfigMapping(prefix = "replay")
public interface ReplayConfig {
    /**
     * Telemanom data directory (train/, test/, labeled_anomalies.csv), used when {@code replay.dataset.dir} is unset.
     * When both are unset: env TELEMANOM_DIR, then -Dtelemanom.dir, then ../shared/telemanom or ../../shared/telemanom.
     */
    Optional<String> dataDir();

    /** Which dataset is replayed. */
    DatasetSettings dataset();

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
    @WithDefault("8192")
    @Min(1)
    int maxInFlight();

    /** Replays that may run at the same time; more are refused with 409. */
    @WithDefault("4")
    @Min(1)
    int maxRunning();

    /**
     * Encoding of the {@code telemetry.raw} values: binary (compact, the default) or json (readable); consumers read
     * both (space.telemetry.contract.TelemetryCodec).
     */
    @WithDefault("binary")
    WireFormat wireFormat();

    /** Finished replays kept for GET /replays (oldest dropped first). */
    @WithDefault("100")
    @Min(1)
    int history();

    /** {@code replay.dataset.*}: the kind of dataset, its directory and (CSV) its source name. */
    interface DatasetSettings {
        /** telemanom, nab or csv (docs/datasets.md). */
        @WithDefault("telemanom")
        DatasetKind kind();

        /**
         * The dataset's directory. When unset: Telemanom as {@code replay.data-dir}; NAB env NAB_DIR, -Dnab.dir,
         * ../shared/nab; CSV has no default.
         */
        Optional<String> dir();

        /** The system name a CSV dataset's points carry in their spacecraft field (not SMAP or MSL). */
        @WithDefault("CSV")
        String source();
    }
}

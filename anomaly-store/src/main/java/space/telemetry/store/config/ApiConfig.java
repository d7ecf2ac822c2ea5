package space.telemetry.store.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Typed configuration of the operators' API ({@code anomaly-store.api.*}): request bounds and the live stream. */
@ConfigMapping(prefix = "anomaly-store.api")
public interface ApiConfig {

    /**
     * Largest request body on every path but {@code POST /labels}, which may take up to
     * {@code quarkus.http.limits.max-body-size} (a labels file).
     */
    @WithDefault("64K")
    MemorySize maxBodySize();

    /** The live stream of GET /anomalies/stream. */
    Stream stream();

    /** GET /channels/{id}/series. */
    Series series();

    /** How a series is read. */
    interface Series {
        /**
         * Ranges of up to this many points are read in one indexed range query and downsampled in Java (one pass);
         * longer ranges are downsampled by PostgreSQL (window functions), so that the store never holds more.
         */
        @WithDefault("50000")
        int inMemoryPoints();
    }

    /** Bounds of the server-sent event stream. */
    interface Stream {
        /** Most clients connected at once; one more is refused with 503. */
        @WithDefault("64")
        int maxClients();

        /** Events buffered for a client that reads slower than they come; beyond that its stream is ended. */
        @WithDefault("256")
        int buffer();

        /** How often an idle stream gets a comment line, so that proxies keep it and gone clients are noticed. */
        @WithDefault("PT25S")
        Duration keepAlive();
    }
}

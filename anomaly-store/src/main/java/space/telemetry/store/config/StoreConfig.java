package space.telemetry.store.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Typed configuration of the anomaly store ({@code anomaly-store.*}). */
@ConfigMapping(prefix = "anomaly-store")
public interface StoreConfig {

    /** How storing an event is retried while the database is unavailable. */
    Retry retry();

    /** Health checks. */
    Health health();

    /** The points table (telemetry.scores). */
    Points points();

    /** Retention of the points table. */
    interface Points {
        /**
         * A channel's points older than its latest point's time minus this are deleted (telemetry time: a replay's
         * points carry the replay's times, so wall-clock age would say nothing).
         */
        @WithDefault("P30D")
        Duration retention();

        /** How often the retention runs. */
        @WithDefault("PT1H")
        Duration retentionInterval();
    }

    /** Back-off between attempts to store one event; attempts go on until the row is stored. */
    interface Retry {
        /** Delay before the first retry. */
        @WithDefault("PT0.2S")
        Duration initialBackoff();

        /** Upper bound of the exponentially growing delay. */
        @WithDefault("PT30S")
        Duration maxBackoff();
    }

    /** Readiness checks: how long they wait, and when the consumer counts as stalled. */
    interface Health {
        /** How long the Kafka readiness check waits for the cluster to answer before reporting DOWN. */
        @WithDefault("PT3S")
        Duration kafkaTimeout();

        /** Readiness goes DOWN when records wait and none has been finished for this long. */
        @WithDefault("PT2M")
        Duration stallAfter();

        /** How often the consumer's lag is read and the stall status, its gauges and its warning are updated. */
        @WithDefault("PT10S")
        Duration progressInterval();
    }
}

package space.telemetry.http.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** Timers exported as histograms (buckets from 1 ms), so that Prometheus aggregates their percentiles over pods. */
public final class Histograms {
    /** The smallest bucket's bound: every timed step here takes a millisecond or more. */
    static final Duration MINIMUM = Duration.ofMillis(1);

    private Histograms() {
    }

    /** Registers (or finds) the timer {@code name} with buckets from 1 ms up to {@code maximum}. */
    public static Timer timer(MeterRegistry registry, String name, String description, Duration maximum) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(MINIMUM).maximumExpectedValue(maximum).register(registry);
    }
}

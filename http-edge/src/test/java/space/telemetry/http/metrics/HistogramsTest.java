package space.telemetry.http.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HistogramsTest {
    @Test
    void timerExportsBucketsFromOneMillisecondToTheMaximum() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Timer timer = Histograms.timer(registry, "step.duration", "A step", Duration.ofMinutes(1));
        timer.record(Duration.ofMillis(30));

        String scrape = registry.scrape();
        assertThat(scrape).contains("# HELP step_duration_seconds A step")
                .contains("# TYPE step_duration_seconds histogram\nstep_duration_seconds_bucket{le=\"0.001\",} 0.0\n")
                .contains("step_duration_seconds_bucket{le=\"60.0\",} 1.0\nstep_duration_seconds_bucket{le=\"+Inf\",} 1.0");
    }
}

package space.telemetry.detector.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import space.telemetry.http.health.ProgressWatchdog;

/** Readiness: DOWN while the raw-topic consumer has records waiting and commits nothing ({@link ConsumerProgress}). */
@Readiness
@ApplicationScoped
public class ConsumerProgressCheck implements HealthCheck {
    private final ConsumerProgress progress;

    public ConsumerProgressCheck(ConsumerProgress progress) {
        this.progress = progress;
    }

    @Override
    public HealthCheckResponse call() {
        ProgressWatchdog.Status status = progress.check();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("telemetry.raw consumer")
                .status(!status.stalled()).withData("lag", status.lag());
        if (status.stalled()) {
            response.withData("reason", "stalled: " + status.describe());
        }
        return response.build();
    }
}

package space.telemetry.detector.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: DOWN while the raw-topic consumer has lag and commits nothing ({@link ConsumerProgress}). */
@Readiness
@ApplicationScoped
public class ConsumerProgressCheck implements HealthCheck {
    private final ConsumerProgress progress;

    public ConsumerProgressCheck(ConsumerProgress progress) {
        this.progress = progress;
    }

    @Override
    public HealthCheckResponse call() {
        return progress.check();
    }
}

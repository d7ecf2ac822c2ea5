package space.telemetry.replay.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import space.telemetry.data.DataFileException;
import space.telemetry.replay.service.DatasetService;

/**
 * Readiness: the data directory exists and is readable, with (Telemanom) its train/ and test/ folders or (NAB) its
 * data/ folder; the check is named after the kind, e.g. telemanom-data.
 */
@Readiness
@ApplicationScoped
public class DataDirectoryHealthCheck implements HealthCheck {
    private final DatasetService datasets;

    public DataDirectoryHealthCheck(DatasetService datasets) {
        this.datasets = datasets;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(datasets.kind().wireName() + "-data");
        try {
            Path dir = datasets.dataDir();
            response.withData("dataDir", dir.toString());
            String[] folders = switch (datasets.kind()) {
                case TELEMANOM -> new String[] {"train", "test"};
                case NAB -> new String[] {"data"};
                case CSV -> new String[0];
            };
            for (String split : folders) {
                Path sub = dir.resolve(split);
                if (!Files.isDirectory(sub) || !Files.isReadable(sub)) {
                    return response.down().withData("error", sub + ": missing or not readable").build();
                }
            }
            return response.up().build();
        } catch (DataFileException e) {
            return response.down().withData("error", e.getMessage()).build();
        }
    }
}

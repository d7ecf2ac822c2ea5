package space.telemetry.detector.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import space.telemetry.detection.DetectionConfig;

/** Loads the detection YAML once; a missing or invalid file stops start-up with a message naming it. */
@ApplicationScoped
public class DetectionConfigProducer {

    @Produces
    @Singleton
    DetectionConfig detectionConfig(DetectorServiceConfig config) {
        return DetectionConfig.load(config.configFile());
    }
}

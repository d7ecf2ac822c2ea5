package space.telemetry.detector.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Typed configuration of the detector service ({@code detector.*}). */
@ConfigMapping(prefix = "detector")
public interface DetectorServiceConfig {

    /** The detection YAML (detectors and event settings), e.g. configs/detectors.yaml. */
    Path configFile();

    /** Compacted topic holding each channel's checkpoint. */
    @WithDefault("telemetry.detector-state")
    String stateTopic();

    /** How long loading checkpoints may take before start-up of a partition fails. */
    @WithDefault("PT60S")
    Duration stateLoadTimeout();
}

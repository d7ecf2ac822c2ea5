package space.telemetry.detection;

/**
 * A detector type added by a jar without changing this library: list the implementation in
 * {@code META-INF/services/space.telemetry.detection.DetectorType} and use its {@link #name} as a YAML {@code type}.
 */
public interface DetectorType {
    /** The YAML {@code type} value. */
    String name();

    /** A new detector; read every parameter from {@code params} (unknown ones are an error). */
    Detector create(Params params);
}

package space.telemetry.detection;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import space.telemetry.contract.Limits;

/**
 * The detection configuration (one for all channels), read from YAML such as {@code configs/detectors.yaml}.
 *
 * @param detectors the detectors run on every channel, in order
 * @param events    how scores become events
 */
public record DetectionConfig(List<DetectorSpec> detectors, EventSettings events) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public DetectionConfig {
        if (detectors == null || detectors.isEmpty()) {
            throw new IllegalArgumentException("at least one detector must be configured");
        }
        events = events == null ? EventSettings.DEFAULT : events;
        Set<String> names = new HashSet<>();
        for (DetectorSpec spec : detectors) {
            if (spec.name() == null || !Limits.NAME.matcher(spec.name()).matches()) { // events carry it: bounded
                throw new IllegalArgumentException("detector name '" + spec.name() + "' must be up to "
                        + Limits.MAX_NAME_LENGTH + " letters, digits and . _ : / -, starting with a letter or digit");
            }
            if (!Double.isFinite(spec.threshold())) { // events carry it too
                throw new IllegalArgumentException("detector '" + spec.name() + "': threshold must be a finite number");
            }
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("detector name '" + spec.name() + "' is used twice");
            }
            DetectorFactory.create(spec); // fails early on an unknown type or bad params
        }
        detectors = List.copyOf(detectors);
    }

    /** Reads and checks a YAML file; the error names the file and what is wrong. */
    /**
     * This configuration without the refractory period: every event each detector raises on its own (one detector
     * scored alone, or any subset of detectors derived with {@link OfflineDetection#raised}).
     */
    public DetectionConfig withoutRefractory() {
        EventSettings e = events;
        return new DetectionConfig(detectors,
                new EventSettings(e.minPoints(), e.closeAfter(), e.alertOnTrain(), e.testGrace(), 0, e.promoteMuted()));
    }

    public static DetectionConfig load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("detector configuration " + file + " does not exist", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("detector configuration " + file + ": " + e.getMessage(), e);
        }
    }

    public static DetectionConfig parse(String yaml) throws IOException {
        try {
            DetectionConfig config = YAML.readValue(yaml, DetectionConfig.class);
            if (config == null) {
                throw new IllegalArgumentException("the configuration is empty");
            }
            return config;
        } catch (ValueInstantiationException e) { // a check in a constructor failed: its message says what
            throw new IllegalArgumentException(e.getCause() == null ? e.getOriginalMessage() : e.getCause().getMessage(), e);
        } catch (MismatchedInputException e) { // say where: "events.test-grace: Cannot map `null` into type `int`"
            String path = e.getPath().stream().map(reference -> reference.getFieldName() != null
                    ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                    .collect(java.util.stream.Collectors.joining(".")).replace(".[", "[");
            throw new IllegalArgumentException((path.isEmpty() ? "" : path + ": ") + e.getOriginalMessage(), e);
        }
    }

    /** The configuration with every detector's threshold multiplied by {@code scale} (all else kept). */
    public DetectionConfig scaled(double scale) {
        return new DetectionConfig(detectors.stream().map(s -> s.withThreshold(s.threshold() * scale)).toList(), events);
    }

    /** A short digest of the configuration: saved detector state is only reused under the same fingerprint. */
    public String fingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

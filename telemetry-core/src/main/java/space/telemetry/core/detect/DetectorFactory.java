package space.telemetry.core.detect;

import java.util.Map;
import java.util.function.Function;

/** Builds detectors from their configuration; the one place that knows every detector type. */
public final class DetectorFactory {
    /** Detector types by the name used in the YAML {@code type} field. */
    public static final Map<String, Function<Params, Detector>> TYPES = Map.of(
            "rolling-zscore", RollingZScoreDetector::from,
            "rolling-mad", RollingMadDetector::from,
            "isolation-forest", IsolationForestDetector::from,
            "forecast", ForecastDetector::from,
            "novelty", NoveltyDetector::from,
            "flat-run", FlatRunDetector::from,
            "variance-shift", VarianceShiftDetector::from,
            "mlp-forecast", MlpForecastDetector::from);

    private DetectorFactory() {
    }

    public static Detector create(DetectorSpec spec) {
        Function<Params, Detector> builder = TYPES.get(spec.type());
        if (builder == null) {
            throw new IllegalArgumentException("detector '" + spec.name() + "': unknown type '" + spec.type()
                    + "', known types are " + new java.util.TreeSet<>(TYPES.keySet()));
        }
        Params params = new Params(spec.name(), spec.params());
        Detector detector = builder.apply(params);
        params.requireAllRead();
        return detector;
    }
}

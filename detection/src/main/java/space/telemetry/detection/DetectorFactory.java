package space.telemetry.detection;

import java.util.Map;
import java.util.function.Function;

/** Builds detectors from their configuration; the one place that knows every detector type. */
public final class DetectorFactory {
    /** Detector types by the name used in the YAML {@code type} field. */
    public static final Map<String, Function<Params, Detector>> TYPES = Map.ofEntries(
            Map.entry("rolling-zscore", RollingZScoreDetector::from),
            Map.entry("rolling-mad", RollingMadDetector::from),
            Map.entry("isolation-forest", IsolationForestDetector::from),
            Map.entry("forecast", ForecastDetector::from),
            Map.entry("novelty", NoveltyDetector::from),
            Map.entry("flat-run", FlatRunDetector::from),
            Map.entry("variance-shift", VarianceShiftDetector::from),
            Map.entry("mlp-forecast", MlpForecastDetector::from),
            Map.entry("range", RangeNoveltyDetector::from),
            Map.entry("neighbour", NeighbourDetector::from),
            Map.entry("seasonal", SeasonalDetector::from));

    private static Map<String, Function<Params, Detector>> added;

    private DetectorFactory() {
    }

    /** The {@link DetectorType}s found on the class path (service loader), by name. */
    private static synchronized Map<String, Function<Params, Detector>> added() {
        if (added == null) {
            Map<String, Function<Params, Detector>> found = new java.util.HashMap<>();
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            for (DetectorType type : java.util.ServiceLoader.load(DetectorType.class,
                    loader != null ? loader : DetectorFactory.class.getClassLoader())) {
                if (TYPES.containsKey(type.name()) || found.putIfAbsent(type.name(), type::create) != null) {
                    throw new IllegalStateException("detector type '" + type.name() + "' is defined twice");
                }
            }
            added = Map.copyOf(found);
        }
        return added;
    }

    public static Detector create(DetectorSpec spec) {
        Function<Params, Detector> builder = TYPES.get(spec.type());
        if (builder == null) {
            builder = added().get(spec.type());
        }
        if (builder == null) {
            java.util.Set<String> known = new java.util.TreeSet<>(TYPES.keySet());
            known.addAll(added().keySet());
            throw new IllegalArgumentException("detector '" + spec.name() + "': unknown type '" + spec.type()
                    + "', known types are " + known);
        }
        Params params = new Params(spec.name(), spec.params());
        Detector detector = builder.apply(params);
        params.requireAllRead();
        return detector;
    }
}

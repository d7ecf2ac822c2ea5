package space.telemetry.detection;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Typed reads of a detector's {@code params} block; keys nobody read are reported as mistakes. */
public final class Params {
    private final String detector;
    private final Map<String, Object> values;
    private final Set<String> read = new HashSet<>();

    Params(String detector, Map<String, Object> values) {
        this.detector = detector;
        this.values = values == null ? Map.of() : values;
    }

    public int integer(String key, int defaultValue) {
        Object value = lookup(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            return number.intValue();
        }
        throw invalid(key, value, "an integer");
    }

    public double number(String key, double defaultValue) {
        Object value = lookup(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw invalid(key, value, "a number");
    }

    public boolean bool(String key, boolean defaultValue) {
        Object value = lookup(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        throw invalid(key, value, "true or false");
    }

    /** Fails when the configuration has keys that the detector does not know. */
    void requireAllRead() {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("detector '" + detector + "': unknown params " + unknown);
        }
    }

    private Object lookup(String key) {
        read.add(key);
        return values.get(key);
    }

    private IllegalArgumentException invalid(String key, Object value, String expected) {
        return new IllegalArgumentException(
                "detector '" + detector + "': param '" + key + "' must be " + expected + ", got '" + value + "'");
    }
}

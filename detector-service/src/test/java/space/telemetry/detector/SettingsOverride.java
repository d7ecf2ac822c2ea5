package space.telemetry.detector;

import java.lang.reflect.Proxy;
import space.telemetry.detector.config.DetectorServiceConfig;

/** The service's settings with one of them answering another value (the tests' service instances). */
final class SettingsOverride {
    private SettingsOverride() {
    }

    /** {@code base}, with {@code name} answering {@code value}. */
    static DetectorServiceConfig with(DetectorServiceConfig base, String name, Object value) {
        return (DetectorServiceConfig) Proxy.newProxyInstance(DetectorServiceConfig.class.getClassLoader(),
                new Class<?>[] {DetectorServiceConfig.class},
                (proxy, method, args) -> method.getName().equals(name) ? value : method.invoke(base, args));
    }
}

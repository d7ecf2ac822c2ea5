package space.telemetry.localinfra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Quarkus test resource: points {@code kafka.bootstrap.servers} at the JVM's in-process KRaft broker. */
public class KafkaBrokerTestResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
    }

    @Override
    public void stop() {
        // the broker is shared by every test of this JVM and stops with it
    }
}

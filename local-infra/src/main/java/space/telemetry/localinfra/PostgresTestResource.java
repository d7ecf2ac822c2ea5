package space.telemetry.localinfra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Quarkus test resource: a database on the local PostgreSQL (init arg {@code database}, default anomalies_test). */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {
    private String database = "anomalies_test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        return PostgresDatabase.fromEnvironment(database).ensureExists().quarkusConfig();
    }

    @Override
    public void stop() {
        // the database is kept so that a failed test can be inspected
    }
}

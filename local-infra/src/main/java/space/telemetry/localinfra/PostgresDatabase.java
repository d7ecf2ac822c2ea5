package space.telemetry.localinfra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

/**
 * A database on the local PostgreSQL server (PGHOST, PGPORT, PGUSER, PGPASSWORD; default 127.0.0.1:5432, user
 * postgres), created when missing.
 */
public record PostgresDatabase(String host, int port, String user, String password, String name) {

    /**
     * The named database on the server the PG* environment variables point at; {@code TEST_DB_SUFFIX}, when set, is
     * appended to the name so that two checkouts can run their tests side by side.
     */
    public static PostgresDatabase fromEnvironment(String name) {
        Map<String, String> env = System.getenv();
        return new PostgresDatabase(env.getOrDefault("PGHOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("PGPORT", "5432")),
                env.getOrDefault("PGUSER", "postgres"), env.getOrDefault("PGPASSWORD", ""),
                name + env.getOrDefault("TEST_DB_SUFFIX", ""));
    }

    /** Creates the database if it does not exist yet. */
    public PostgresDatabase ensureExists() {
        try (Connection connection = connect("postgres");
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rows = exists.executeQuery()) {
                if (!rows.next()) {
                    try (Statement create = connection.createStatement()) {
                        create.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
                    }
                }
            }
            return this;
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + host + ":" + port + " is not usable as user '" + user
                    + "' (is it running? see README): " + e.getMessage(), e);
        }
    }

    /** Runs one SQL statement in this database (for test set-up and clean-up). */
    public void execute(String sql) {
        try (Connection connection = connect(name); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Opens a JDBC connection to this database. */
    public Connection connect() throws SQLException {
        return connect(name);
    }

    private Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.put("user", user);
        if (!password.isEmpty()) {
            props.put("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, props);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + name;
    }

    /** Quarkus datasource properties pointing at this database. */
    public Map<String, String> quarkusConfig() {
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl(),
                "quarkus.datasource.reactive.url", reactiveUrl(),
                "quarkus.datasource.username", user,
                "quarkus.datasource.password", password);
    }
}

package space.telemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import space.telemetry.localinfra.PostgresDatabase;

/**
 * PostgreSQL's init script (infra/postgres/roles.sql; the chart, k8s/platform and compose use it), run with psql as
 * the image's entrypoint runs it, on a fresh
 * database of the local PostgreSQL: the store's role migrates its schema without being a superuser, the board's role
 * only reads.
 */
class DatabaseRolesTest {
    static final Path ROLES = Repo.ROOT.resolve("infra/postgres/roles.sql");
    static final String SUFFIX = System.getenv().getOrDefault("TEST_DB_SUFFIX", "");
    static final String STORE = "roles_store" + SUFFIX;
    static final String READER = "roles_reader" + SUFFIX;
    static PostgresDatabase admin;
    static String database;

    static String rolesSql() {
        try {
            return Files.readString(ROLES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void runTheInitScript() {
        admin = PostgresDatabase.fromEnvironment("postgres");
        database = "roles_test" + SUFFIX;
        dropAll();
        psql("postgres", "-c", "CREATE DATABASE \"" + database + "\"");
        psql(database, "-v", "db=" + database, "-v", "store_user=" + STORE, "-v", "store_password=store-pw",
                "-v", "reader_user=" + READER, "-v", "reader_password=reader-pw", "-f", ROLES.toString());
    }

    @AfterAll
    static void dropAll() {
        psql("postgres", "-c", "DROP DATABASE IF EXISTS \"" + database + "\"", "-c", "DROP ROLE IF EXISTS \""
                + STORE + "\"", "-c", "DROP ROLE IF EXISTS \"" + READER + "\"");
    }

    @Test
    void theStoreMigratesItsSchemaWithoutBeingASuperuser() throws SQLException {
        Flyway.configure().dataSource(url(), STORE, "store-pw")
                .locations("filesystem:" + GrafanaBoardTest.MIGRATIONS).load().migrate();
        try (Connection store = DriverManager.getConnection(url(), STORE, "store-pw");
                Statement statement = store.createStatement()) {
            assertThat(one(statement, "SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles"
                    + " WHERE rolname = current_user")).isEqualTo("f");
            assertThat(one(statement, "SELECT tableowner FROM pg_tables WHERE tablename = 'events'")).isEqualTo(STORE);
            assertThatThrownBy(() -> statement.execute("CREATE ROLE roles_intruder" + SUFFIX))
                    .isInstanceOf(SQLException.class);
        }
        try (Connection reader = DriverManager.getConnection(url(), READER, "reader-pw");
                Statement statement = reader.createStatement()) {
            assertThat(one(statement, "SELECT count(*) FROM events")).isEqualTo("0");
            assertThatThrownBy(() -> statement.execute("DELETE FROM events")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> statement.execute("CREATE TABLE notes (id int)"))
                    .isInstanceOf(SQLException.class);
        }
    }

    private static String url() {
        return "jdbc:postgresql://" + admin.host() + ":" + admin.port() + "/" + database;
    }

    private static String one(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    /** psql as the administrator (the PG* environment), stopping at the first error. */
    private static void psql(String db, String... arguments) {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", admin.host(),
                "-p", String.valueOf(admin.port()), "-U", admin.user(), "-d", db));
        command.addAll(List.of(arguments));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("PGPASSWORD", admin.password());
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("%s\n%s", command, output).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

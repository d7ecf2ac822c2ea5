package space.telemetry.store.service;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.hibernate.JDBCException;

/**
 * Tells a failure caused by the record itself (dead-letter it) from one that may go away (retry it); in doubt, retry.
 *
 * <p>Dead-lettering a valid event during an outage loses it, while retrying a bad one only blocks its partition until
 * the stall is reported (readiness DOWN, warning log), so only recognised data errors are dead-lettered:
 * <ol>
 * <li>a PostgreSQL SQL state anywhere in the cause chain decides: class 22 (data exception) or 23 (integrity
 * constraint violation) is a data error; any other state (08 connection, 40 rollback, 53 resources, 57 operator
 * intervention, 55P03 lock, 42P01 table missing, ...) is retried;</li>
 * <li>otherwise a connection failure anywhere in the chain (I/O error, timeout, closed connection) is retried, even
 * when the chain also holds an exception that looks like a data error;</li>
 * <li>otherwise a value the database client cannot encode ({@link DateTimeException}, {@link ArithmeticException},
 * {@link IllegalArgumentException}, {@link ClassCastException}) anywhere in the chain is a data error;</li>
 * <li>anything else (pool closed, unknown failures) is retried.</li>
 * </ol>
 */
final class DataErrors {
    private static final int MAX_DEPTH = 32;

    private DataErrors() {
    }

    /** Whether storing the same record again would fail the same way. */
    static boolean isDataError(Throwable failure) {
        boolean outage = false;
        boolean unencodable = false;
        for (Throwable cause : chain(failure)) {
            String sqlState = sqlState(cause);
            if (sqlState != null) {
                return sqlState.startsWith("22") || sqlState.startsWith("23");
            }
            outage |= cause instanceof IOException || cause instanceof TimeoutException
                    || cause instanceof ClosedConnectionException;
            unencodable |= cause instanceof DateTimeException || cause instanceof ArithmeticException
                    || cause instanceof IllegalArgumentException || cause instanceof ClassCastException;
        }
        return unencodable && !outage;
    }

    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> causes = new ArrayList<>();
        for (Throwable cause = failure; cause != null && causes.size() < MAX_DEPTH
                && !causes.contains(cause); cause = cause.getCause()) {
            causes.add(cause);
        }
        return causes;
    }

    private static String sqlState(Throwable failure) {
        if (failure instanceof PgException pg) {
            return pg.getSqlState();
        }
        if (failure instanceof SQLException sql) {
            return sql.getSQLState();
        }
        if (failure instanceof JDBCException jdbc) {
            return jdbc.getSQLState();
        }
        return null;
    }
}

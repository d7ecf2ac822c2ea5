package space.telemetry.store.service;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import space.telemetry.http.ProblemException;

/** Tells a database that cannot be reached (refused, closed, timed out, shutting down) from a failed query. */
public final class DatabaseUnavailable {
    /** When a client should retry a query refused because the database is unavailable. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private DatabaseUnavailable() {
    }

    /** True when {@code failure} or one of its causes says the database cannot be reached. */
    public static boolean isCause(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof ConnectException || e instanceof NoRouteToHostException
                    || e instanceof UnknownHostException || e instanceof ClosedConnectionException
                    || e instanceof TimeoutException
                    || e instanceof PgException pg && isUnavailableState(pg.getSqlState())
                    || "Pool closed".equals(e.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /** The 503 problem for a query that failed because the database is unavailable. */
    public static ProblemException problem(Throwable failure) {
        return ProblemException.unavailable("the anomaly database is unavailable; retry later", RETRY_AFTER,
                failure);
    }

    /** {@code query}, failing with the 503 problem when the database is unavailable (other failures unchanged). */
    public static <T> Uni<T> asProblem(Uni<T> query) {
        return query.onFailure(DatabaseUnavailable::isCause).transform(DatabaseUnavailable::problem);
    }

    /** SQLSTATE class 08 (connection exception), 57P01-57P03 (shutting down, cannot connect now), 53300. */
    private static boolean isUnavailableState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"));
    }
}

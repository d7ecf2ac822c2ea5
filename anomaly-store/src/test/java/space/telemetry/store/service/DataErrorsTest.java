package space.telemetry.store.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.time.DateTimeException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

class DataErrorsTest {

    private static PgException pg(String sqlState) {
        return new PgException("failed", "ERROR", sqlState, null);
    }

    /** As the client fails it: wrapped by Hibernate Reactive and Mutiny. */
    private static Throwable wrapped(Throwable cause) {
        return new CompletionException(new HibernateException("could not execute statement", cause));
    }

    @Test
    void aValueTheClientCannotEncodeIsADataErrorAnywhereInTheCauseChain() {
        List<Throwable> unencodable = List.of(new DateTimeException("Invalid value for EpochDay"),
                new ArithmeticException("long overflow"), new IllegalArgumentException("bad value"),
                new ClassCastException("not a number"));

        assertThat(unencodable).allMatch(cause -> DataErrors.isDataError(wrapped(cause)));
    }

    @Test
    void sqlStateClasses22And23AreDataErrors() {
        assertThat(List.of("22001", "22008", "22021", "23505", "23514"))
                .allMatch(state -> DataErrors.isDataError(wrapped(pg(state))));
    }

    @Test
    void otherSqlStatesAreRetried() {
        // connection, rollback, resources, operator intervention (shutdown, statement timeout), lock, table missing
        assertThat(List.of("08006", "40001", "53300", "57P01", "57014", "55P03", "42P01", "3D000"))
                .noneMatch(state -> DataErrors.isDataError(wrapped(pg(state))));
    }

    @Test
    void theSqlStateDecidesOverAnExceptionThatLooksLikeADataError() {
        assertThat(DataErrors.isDataError(new IllegalArgumentException("wrapped", pg("57P01")))).isFalse();
    }

    @Test
    void connectionFailuresAreRetriedEvenNextToAnExceptionThatLooksLikeADataError() {
        List<Throwable> outages = List.of(new ConnectException("Connection refused"),
                new TimeoutException("no answer"), ClosedConnectionException.INSTANCE);

        assertThat(outages).noneMatch(cause -> DataErrors.isDataError(wrapped(cause)));
        assertThat(outages).noneMatch(cause -> DataErrors.isDataError(new IllegalArgumentException("x", cause)));
    }

    @Test
    void unknownFailuresAreRetried() {
        assertThat(List.<Throwable>of(new NoStackTraceThrowable("Pool closed"), new IllegalStateException("busy"),
                new RuntimeException("boom"))).noneMatch(cause -> DataErrors.isDataError(wrapped(cause)));
    }

    @Test
    void aCyclicCauseChainIsClassifiedToo() {
        IllegalArgumentException first = new IllegalArgumentException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        assertThat(DataErrors.isDataError(second)).isTrue();
    }
}

package space.telemetry.http.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ProgressWatchdogTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration STALL_AFTER = Duration.ofMinutes(2);

    private final FakeClock clock = new FakeClock();
    private final ProgressWatchdog watchdog = new ProgressWatchdog(STALL_AFTER, clock);

    @Test
    void lagWithoutProgressForLongerThanStallAfterIsStalled() {
        watchdog.check(3);
        clock.advance(STALL_AFTER.plusSeconds(1));

        ProgressWatchdog.Status status = watchdog.check(3);

        assertThat(status.stalled()).isTrue();
        assertThat(status.lag()).isEqualTo(3);
        assertThat(status.since()).isEqualTo(T0);
        assertThat(status.waiting()).isEqualTo(STALL_AFTER.plusSeconds(1));
    }

    @Test
    void lagWithoutProgressForExactlyStallAfterIsNotYetStalled() {
        watchdog.check(1);
        clock.advance(STALL_AFTER);

        assertThat(watchdog.check(1).stalled()).isFalse();
    }

    @Test
    void regularProgressKeepsALaggingConsumerHealthy() {
        for (int minute = 0; minute < 10; minute++) {
            clock.advance(Duration.ofMinutes(1));
            watchdog.progressed();
            assertThat(watchdog.check(5_000).stalled()).isFalse();
        }
    }

    @Test
    void noLagIsNeverStalledHoweverLongTheConsumerIsIdle() {
        clock.advance(Duration.ofHours(5));

        ProgressWatchdog.Status status = watchdog.check(0);

        assertThat(status.stalled()).isFalse();
        assertThat(status.waiting()).isZero();
    }

    @Test
    void afterAnIdlePeriodTheStallClockStartsWhenTheLagAppears() {
        watchdog.check(0);
        clock.advance(Duration.ofHours(5)); // idle: nothing to do, nothing done
        assertThat(watchdog.check(1).stalled()).isFalse();

        clock.advance(STALL_AFTER.plusSeconds(1));

        ProgressWatchdog.Status status = watchdog.check(1);
        assertThat(status.stalled()).isTrue();
        assertThat(status.since()).isEqualTo(T0.plus(Duration.ofHours(5)));
    }

    @Test
    void progressEndsAStall() {
        watchdog.check(2);
        clock.advance(STALL_AFTER.plusSeconds(30));
        assertThat(watchdog.check(2).stalled()).isTrue();

        watchdog.progressed();

        assertThat(watchdog.check(1).stalled()).isFalse();
    }

    @Test
    void lastFailureIsReportedUntilTheNextProgress() {
        watchdog.failed("Connection refused");
        assertThat(watchdog.check(1).lastFailure()).isEqualTo("Connection refused");
        assertThat(watchdog.check(1).describe()).endsWith("; last failure: Connection refused");

        watchdog.progressed();

        assertThat(watchdog.check(1).lastFailure()).isNull();
    }

    @Test
    void describeSaysHowMuchWaitsAndSinceWhen() {
        watchdog.check(7);
        clock.advance(Duration.ofSeconds(125));

        assertThat(watchdog.check(7).describe())
                .isEqualTo("7 waiting, no progress since 2026-01-01T00:00:00Z (125 s)");
    }

    @Test
    void stallAfterMustBePositive() {
        assertThatThrownBy(() -> new ProgressWatchdog(Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A clock that moves only when told to. */
    private static final class FakeClock extends Clock {
        private volatile Instant now = T0;

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}

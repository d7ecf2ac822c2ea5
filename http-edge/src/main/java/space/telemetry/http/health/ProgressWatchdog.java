package space.telemetry.http.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Tells whether a consumer is stuck: it has work waiting (lag) and has made no progress for longer than
 * {@code stallAfter}.
 *
 * <p>The consumer calls {@link #progressed()} each time it finishes a record (stored, skipped or dead-lettered) and
 * may call {@link #failed(String)} when an attempt fails; a health check or timer calls {@link #check(long)}
 * regularly with the current lag. The stall clock starts at the later of the last progress and the first check that
 * saw a lag, so a consumer that was idle for hours is not reported stalled the moment a new record arrives. Plain Java
 * and thread-safe; the clock is injectable for tests.
 */
public final class ProgressWatchdog {
    private final Duration stallAfter;
    private final Clock clock;
    private Instant lastProgress;
    private Instant lagSince;
    private String lastFailure;

    public ProgressWatchdog(Duration stallAfter, Clock clock) {
        if (stallAfter.isNegative() || stallAfter.isZero()) {
            throw new IllegalArgumentException("stallAfter must be positive, got " + stallAfter);
        }
        this.stallAfter = stallAfter;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lastProgress = clock.instant();
    }

    /** Records that the consumer finished a unit of work; also forgets the last failure. */
    public synchronized void progressed() {
        lastProgress = clock.instant();
        lastFailure = null;
    }

    /** Records why the latest attempt failed, for the status (kept until the next progress). */
    public synchronized void failed(String reason) {
        lastFailure = reason;
    }

    /**
     * The status given the current lag (units of work waiting; 0 or less means none): stalled when there is a lag and
     * no progress for longer than {@code stallAfter}.
     */
    public synchronized Status check(long lag) {
        Instant now = clock.instant();
        if (lag <= 0) {
            lagSince = null;
            return new Status(false, 0, lastProgress, Duration.ZERO, lastFailure);
        }
        if (lagSince == null) {
            lagSince = now;
        }
        Instant since = lastProgress.isAfter(lagSince) ? lastProgress : lagSince;
        Duration waiting = Duration.between(since, now);
        return new Status(waiting.compareTo(stallAfter) > 0, lag, since, waiting, lastFailure);
    }

    /**
     * What {@link #check(long)} found.
     *
     * @param stalled     lag and no progress for longer than {@code stallAfter}
     * @param lag         the lag passed to the check (0 when none)
     * @param since       no progress since then: the last progress, or when the lag appeared if that is later
     * @param waiting     how long work has been waiting without progress (zero without lag)
     * @param lastFailure the last failure reported since the last progress, or null
     */
    public record Status(boolean stalled, long lag, Instant since, Duration waiting, String lastFailure) {

        /** One line for a log or a health response, e.g. {@code 3 waiting, no progress since ... (125 s); last failure: ...}. */
        public String describe() {
            return lag + " waiting, no progress since " + since + " (" + waiting.toSeconds() + " s)"
                    + (lastFailure == null ? "" : "; last failure: " + lastFailure);
        }
    }
}

package space.telemetry.replay.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import space.telemetry.contract.TelemetryPoint;
import space.telemetry.contract.WireFormat;
import space.telemetry.data.DataFileException;
import space.telemetry.data.DatasetChannel;
import space.telemetry.data.PointStream;
import space.telemetry.replay.messaging.TelemetryProducer;

/**
 * One replay: streams its channels' train then test rows from their files, interleaved by stream position (row p
 * of every channel, then p+1), paced by the speed, with at most {@code maxInFlight} unacknowledged sends.
 */
final class ReplayJob implements Runnable {
    private static final Logger LOG = Logger.getLogger(ReplayJob.class);

    /** Callbacks into the service for metrics, and how a broken data file is reported. */
    interface Listener {
        void sent(DatasetChannel channel);

        void sendFailed(DatasetChannel channel, Throwable error);

        void finished(ReplayJob job);

        /** The status error for a data file that broke mid-stream (naming it without the server's path). */
        String describe(DataFileException e);
    }

    private final String id;
    private final List<Cursor> cursors = new ArrayList<>();
    private final Speed speed;
    private final Instant startTime;
    private final Duration period;
    private final int maxInFlight;
    private final WireFormat format;
    private final Semaphore inFlight;
    private final TelemetryProducer producer;
    private final Listener listener;
    private final Clock clock;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicReference<ReplayState> state = new AtomicReference<>(ReplayState.RUNNING);
    private final AtomicReference<Throwable> sendFailure = new AtomicReference<>();
    private final Instant startedAt;
    private volatile Instant finishedAt;
    private volatile String error;

    ReplayJob(String id, List<DatasetChannel> channels, Speed speed, Instant startTime, Duration period,
            int maxInFlight, WireFormat format, TelemetryProducer producer, Listener listener, Clock clock) {
        this.id = id;
        for (DatasetChannel channel : channels) {
            cursors.add(new Cursor(channel, startTime, period));
        }
        this.speed = speed;
        this.startTime = startTime;
        this.period = period;
        this.maxInFlight = maxInFlight;
        this.format = format;
        this.inFlight = new Semaphore(maxInFlight);
        this.producer = producer;
        this.listener = listener;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    String id() {
        return id;
    }

    ReplayState state() {
        return state.get();
    }

    /** Asks the job to stop; it ends STOPPED once its in-flight sends are acknowledged. */
    void stop() {
        stopRequested.countDown();
    }

    private boolean stopping() {
        return stopRequested.getCount() == 0;
    }

    @Override
    public void run() {
        long started = System.nanoTime();
        long positions = cursors.stream().mapToLong(c -> c.channel.totalRows()).max().orElse(0);
        Thread.currentThread().setName("replay-" + id.substring(0, 8));
        try {
            for (long position = 0; position < positions && !stopping() && sendFailure.get() == null; position++) {
                if (!speed.isMax() && !awaitDue(started, position)) {
                    break;
                }
                for (Cursor cursor : cursors) {
                    if (position < cursor.channel.totalRows() && !send(cursor, cursor.next())) {
                        break;
                    }
                }
            }
            drain();
            Throwable failure = sendFailure.get();
            if (failure != null) {
                finish(ReplayState.FAILED, "send to Kafka failed: " + failure);
            } else {
                finish(stopping() ? ReplayState.STOPPED : ReplayState.COMPLETED, null);
            }
        } catch (DataFileException e) {
            drain();
            finish(ReplayState.FAILED, listener.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish(ReplayState.STOPPED, "interrupted (service shutting down)");
        } catch (RuntimeException e) {
            LOG.errorf(e, "replay %s failed", id);
            drain();
            finish(ReplayState.FAILED, e.toString());
        } finally {
            cursors.forEach(Cursor::close);
        }
    }

    /** Sleeps until the point at this position is due; false when a stop was requested meanwhile. */
    private boolean awaitDue(long started, long position) throws InterruptedException {
        long wait = started + speed.dueNanos(position, period) - System.nanoTime();
        return wait <= 0 || !stopRequested.await(wait, TimeUnit.NANOSECONDS);
    }

    /** Sends once a permit is free; false (nothing sent) when a stop was requested while waiting. */
    private boolean send(Cursor cursor, TelemetryPoint point) throws InterruptedException {
        byte[] value = format.encode(point);
        while (!inFlight.tryAcquire(200, TimeUnit.MILLISECONDS)) {
            if (stopping() || sendFailure.get() != null) {
                return false;
            }
        }
        try {
            producer.send(cursor.channel.id(), value, (metadata, failure) -> {
                if (failure == null) {
                    cursor.sent.incrementAndGet();
                    listener.sent(cursor.channel);
                } else {
                    failed(cursor, failure);
                }
                inFlight.release();
            });
        } catch (RuntimeException e) {
            failed(cursor, e);
            inFlight.release();
            return false;
        }
        return true;
    }

    private void failed(Cursor cursor, Throwable failure) {
        sendFailure.compareAndSet(null, failure);
        listener.sendFailed(cursor.channel, failure);
    }

    /** Waits until every send has been acknowledged or has failed. */
    private void drain() {
        try {
            inFlight.acquire(maxInFlight);
            inFlight.release(maxInFlight);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void finish(ReplayState finalState, String message) {
        this.error = message;
        this.finishedAt = clock.instant();
        state.set(finalState);
        long sent = cursors.stream().mapToLong(c -> c.sent.get()).sum();
        double seconds = Duration.between(startedAt, finishedAt).toMillis() / 1000.0;
        LOG.infof("replay %s %s: %d records in %.1f s (%.0f records/s)%s", id, finalState, sent, seconds,
                seconds > 0 ? sent / seconds : 0.0, message == null ? "" : ": " + message);
        listener.finished(this);
    }

    ReplayStatus status() {
        List<ReplayStatus.ChannelProgress> channels = new ArrayList<>();
        long sent = 0;
        long total = 0;
        for (Cursor cursor : cursors) {
            long channelSent = cursor.sent.get();
            channels.add(new ReplayStatus.ChannelProgress(cursor.channel.id(), cursor.channel.source(),
                    channelSent, cursor.channel.totalRows()));
            sent += channelSent;
            total += cursor.channel.totalRows();
        }
        double progress = total == 0 ? 1.0 : (double) sent / total;
        return new ReplayStatus(id, state.get(), speed.toString(), startTime, channels, sent, total, progress,
                startedAt, finishedAt, error);
    }

    /** One channel's stream and how much of it the broker has acknowledged. */
    private static final class Cursor implements AutoCloseable {
        final DatasetChannel channel;
        final AtomicLong sent = new AtomicLong();
        private final PointStream points;

        Cursor(DatasetChannel channel, Instant startTime, Duration period) {
            this.channel = channel;
            this.points = channel.open(startTime, period);
        }

        TelemetryPoint next() {
            return points.next();
        }

        @Override
        public void close() {
            points.close();
        }
    }
}

package space.telemetry.store.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import space.telemetry.http.ProblemException;
import space.telemetry.store.config.ApiConfig;

/**
 * The live stream of stored anomalies and verdicts, broadcast to every connected client; each client has its own
 * bounded buffer, so a slow client never holds up ingestion: when its buffer is full, its stream ends.
 */
@ApplicationScoped
public class LiveUpdates {
    /** Event name of an inserted or updated anomaly event. */
    public static final String ANOMALY = "anomaly";
    /** Event name of a recorded verdict. */
    public static final String VERDICT = "verdict";
    private static final Logger LOG = Logger.getLogger(LiveUpdates.class);

    /** One update: the SSE event name and its data (serialized as JSON). */
    public record Update(String name, Object data) {
    }

    private final BroadcastProcessor<Update> broadcast = BroadcastProcessor.create();
    /** Emissions come from the Kafka consumer and from HTTP requests at once: serialized, as Reactive Streams wants. */
    private final Flow.Processor<Update, Update> processor = broadcast.serialized();
    private final Multi<Update> updates = Multi.createFrom().publisher(processor);
    private final ApiConfig.Stream config;
    private final AtomicInteger clients = new AtomicInteger();

    public LiveUpdates(ApiConfig config, MeterRegistry registry) {
        this.config = config.stream();
        Gauge.builder("anomaly.store.stream.clients", clients, AtomicInteger::get)
                .description("Clients connected to GET /anomalies/stream").register(registry);
    }

    /** Publishes an anomaly event as stored; never blocks and never fails. */
    public void anomaly(StoredAnomaly anomaly) {
        publish(new Update(ANOMALY, anomaly));
    }

    /** Publishes a recorded verdict; never blocks and never fails. */
    public void verdict(Verdict verdict) {
        publish(new Update(VERDICT, verdict));
    }

    /**
     * The updates from now on for one client, with a buffer of {@code anomaly-store.api.stream.buffer} events: a
     * client that falls further behind gets its stream ended (it reconnects and reloads). Fails with a 503 problem
     * when {@code max-clients} are connected already.
     */
    public Multi<Update> subscribe() {
        if (clients.incrementAndGet() > config.maxClients()) {
            clients.decrementAndGet();
            throw ProblemException.unavailable("too many clients on the live stream (" + config.maxClients()
                    + "); retry later", config.keepAlive(), null);
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                clients.decrementAndGet();
            }
        };
        return updates
                .onOverflow().buffer(config.buffer())
                .onFailure(BackPressureFailure.class).invoke(failure -> LOG.infof(
                        "A live-stream client fell more than %d events behind: its stream ends", config.buffer()))
                .onTermination().invoke(release);
    }

    /** Clients connected now. */
    public int clients() {
        return clients.get();
    }

    private void publish(Update update) {
        try {
            processor.onNext(update);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not publish a %s update to the live stream", update.name());
        }
    }
}

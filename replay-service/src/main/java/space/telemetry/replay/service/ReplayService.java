package space.telemetry.replay.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import space.telemetry.contract.Limits;
import space.telemetry.contract.Spacecraft;
import space.telemetry.data.ChannelPoints;
import space.telemetry.data.DataFileException;
import space.telemetry.data.Dataset;
import space.telemetry.data.DatasetChannel;
import space.telemetry.data.DatasetKind;
import space.telemetry.replay.config.ReplayConfig;
import space.telemetry.replay.messaging.TelemetryProducer;

/** Validates, starts, tracks and stops replays; each runs on its own worker thread, off the event loop. */
@ApplicationScoped
public class ReplayService implements ReplayJob.Listener {
    private final DatasetService datasets;
    private final TelemetryProducer producer;
    private final ReplayConfig config;
    private final Clock clock = Clock.systemUTC();
    /** Insertion-ordered by start; finished replays beyond replay.history are dropped oldest first. */
    private final Map<String, ReplayJob> replays = new ConcurrentHashMap<>();
    private final List<String> order = new ArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    /*
     * A dedicated pool rather than the shared Quarkus worker pool: a paced replay may run for hours, and must
     * neither starve request handling nor be starved by it. Daemon threads, so a stuck job cannot block exit.
     */
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "replay-job");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Counter> sentCounters = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Counter sendFailures;

    public ReplayService(DatasetService datasets, TelemetryProducer producer, ReplayConfig config,
            MeterRegistry registry) {
        this.datasets = datasets;
        this.producer = producer;
        this.config = config;
        this.registry = registry;
        for (Spacecraft spacecraft : Spacecraft.values()) {
            sentCounter(spacecraft.name());
        }
        this.sendFailures = Counter.builder("replay.send.failures")
                .description("Telemetry points whose send to Kafka failed").register(registry);
        registry.gauge("replay.running", running);
    }

    /**
     * Validates the request against the data directory (headers read up front) and starts the replay.
     *
     * @param spacecraft a source of the dataset (SMAP or MSL for Telemanom, case-insensitive); null for all
     * @param channels   channel ids; null or empty for all channels of the spacecraft
     * @param speed      "max" (default) or a factor > 0
     * @param startTime  ISO-8601 instant of position 0; null for replay.start-time (unused by datasets with
     *                   timestamps of their own)
     * @throws ReplayException          400 for a bad request, 409 when too many replays run
     * @throws space.telemetry.data.DataFileException naming the missing or malformed directory or file
     */
    public ReplayStatus start(String spacecraft, List<String> channels, String speed, String startTime) {
        Speed pace = Speed.parse(speed);
        Instant start = parseStartTime(startTime);
        Dataset dataset = datasets.dataset();
        Optional<String> craft = Optional.empty();
        if (spacecraft != null && !spacecraft.isBlank()) {
            Set<String> known = new TreeSet<>(dataset.sources());
            if (dataset.kind() == DatasetKind.TELEMANOM) {
                for (Spacecraft nasa : Spacecraft.values()) {
                    known.add(nasa.name());
                }
            }
            craft = Optional.of(known.stream().filter(k -> k.equalsIgnoreCase(spacecraft.strip())).findFirst()
                    .orElseThrow(() -> ReplayException.badRequest("unknown spacecraft '" + spacecraft
                            + "': expected one of " + known)));
        }
        List<DatasetChannel> selected = select(dataset, craft, channels);
        requireLastPointInRange(start, selected);
        synchronized (this) {
            if (running.get() >= config.maxRunning()) {
                throw ReplayException.conflict("Too many running replays", running.get()
                        + " replays are running (replay.max-running = " + config.maxRunning()
                        + "): stop one or wait for it to finish");
            }
            String id = UUID.randomUUID().toString();
            ReplayJob job = new ReplayJob(id, selected, pace, start, config.period(), config.maxInFlight(),
                    config.wireFormat(), producer, this, clock);
            replays.put(id, job);
            order.add(id);
            running.incrementAndGet();
            prune();
            executor.execute(job);
            return job.status();
        }
    }

    private List<DatasetChannel> select(Dataset dataset, Optional<String> craft, List<String> ids) {
        List<DatasetChannel> selected = new ArrayList<>();
        if (ids == null || ids.isEmpty()) {
            // every channel of the spacecraft (or all): a broken file among them is an error naming it
            dataset.problems().forEach((id, problem) -> {
                Optional<String> owner = dataset.sourceOf(id);
                if (craft.isEmpty() || owner.isEmpty() || owner.get().equalsIgnoreCase(craft.get())) {
                    throw problem;
                }
            });
            selected.addAll(craft.map(dataset::channelsOf).orElseGet(() -> List.copyOf(dataset.channels())));
            if (selected.isEmpty()) {
                throw ReplayException.badRequest("no channels" + craft.map(c -> " of " + c).orElse("")
                        + " in the data directory");
            }
            return selected;
        }
        for (String id : new LinkedHashSet<>(ids)) {
            if (id == null || !Limits.NAME.matcher(id).matches()) {
                throw ReplayException.badRequest("channel ids are letters, digits and . _ - : / (at most "
                        + Limits.MAX_NAME_LENGTH + " characters), got '" + id + "'");
            }
            if (!dataset.knows(id)) {
                throw ReplayException.badRequest("unknown channel '" + id + "': not in the data directory");
            }
            DatasetChannel channel = dataset.require(id); // throws the file's problem
            if (craft.isPresent() && !channel.source().equals(craft.get())) {
                throw ReplayException.badRequest("channel '" + id + "' belongs to " + channel.source()
                        + ", not " + craft.get());
            }
            selected.add(channel);
        }
        return selected;
    }

    private Instant parseStartTime(String text) {
        if (text == null || text.isBlank()) {
            return config.startTime();
        }
        Instant start;
        try {
            start = Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw ReplayException.badRequest("startTime must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, got '"
                    + text + "'");
        }
        if (start.isBefore(Limits.MIN_TIME) || start.isAfter(Limits.MAX_TIME)) {
            throw ReplayException.badRequest("startTime must be between " + Limits.MIN_TIME + " and "
                    + Limits.MAX_TIME + ", got '" + text + "'");
        }
        return start;
    }

    /**
     * The event time of every channel's last point must stay within Limits.MAX_TIME (no overflow downstream): the
     * test split comes {@link ChannelPoints#SPLIT_GAP} periods after the train split; channels with timestamps of
     * their own were checked when read.
     */
    private void requireLastPointInRange(Instant start, List<DatasetChannel> channels) {
        long lastPosition = channels.stream().filter(c -> !c.timestamped()).mapToLong(DatasetChannel::totalRows)
                .max().orElse(1) - 1 + ChannelPoints.SPLIT_GAP;
        long positionsLeft = Duration.between(start, Limits.MAX_TIME).dividedBy(config.period());
        if (lastPosition > positionsLeft) {
            throw ReplayException.badRequest("startTime " + start + " is too late: the last point (position "
                    + lastPosition + ", one every " + config.period() + ") would be after " + Limits.MAX_TIME);
        }
    }

    /** All replays, oldest first. */
    public synchronized List<ReplayStatus> list() {
        return order.stream().map(replays::get).map(ReplayJob::status).toList();
    }

    public ReplayStatus get(String id) {
        return job(id).status();
    }

    /** Asks a running replay to stop (no-op when finished); it reports STOPPED once its sends are acknowledged. */
    public ReplayStatus stop(String id) {
        ReplayJob job = job(id);
        job.stop();
        return job.status();
    }

    public int running() {
        return running.get();
    }

    private ReplayJob job(String id) {
        ReplayJob job = id == null ? null : replays.get(id);
        if (job == null) {
            throw ReplayException.notFound("no replay with id '" + id + "'");
        }
        return job;
    }

    private void prune() {
        int finished = (int) replays.values().stream().filter(j -> j.state().finished()).count();
        Iterator<String> ids = order.iterator();
        while (finished > config.history() && ids.hasNext()) {
            String id = ids.next();
            if (replays.get(id).state().finished()) {
                replays.remove(id);
                ids.remove();
                finished--;
            }
        }
    }

    @Override
    public void sent(DatasetChannel channel) {
        sentCounter(channel.source()).increment();
    }

    private Counter sentCounter(String source) {
        return sentCounters.computeIfAbsent(source, s -> Counter.builder("replay.records.sent")
                .description("Telemetry points acknowledged by Kafka").tag("spacecraft", s).register(registry));
    }

    @Override
    public void sendFailed(DatasetChannel channel, Throwable error) {
        sendFailures.increment();
    }

    @Override
    public String describe(DataFileException e) {
        return datasets.describe(e);
    }

    @Override
    public void finished(ReplayJob job) {
        running.decrementAndGet();
    }

    @PreDestroy
    void shutdown() {
        Collection<ReplayJob> jobs = replays.values();
        jobs.forEach(ReplayJob::stop);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}

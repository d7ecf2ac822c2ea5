package space.telemetry.store.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import space.telemetry.http.ProblemException;
import space.telemetry.store.config.ApiConfig;
import space.telemetry.store.repository.EventRepository;
import space.telemetry.store.repository.SeriesRepository;

/** Channels with their latest state, and a channel's series with the events and labels of its range. */
@ApplicationScoped
public class SeriesService {
    /** Most events and most labels a series carries. */
    public static final int MAX_EVENTS = 1000;
    public static final int MAX_LABELS = 1000;

    private final SeriesRepository series;
    private final EventRepository events;

    private final int inMemoryPoints;

    public SeriesService(SeriesRepository series, EventRepository events, ApiConfig config) {
        this.series = series;
        this.events = events;
        this.inMemoryPoints = config.series().inMemoryPoints();
    }

    /** Page {@code page} of {@code size} of the channels with points or events (of one spacecraft when given). */
    public Uni<List<ChannelState>> channels(String spacecraft, int page, int size) {
        return series.channels(spacecraft, (long) page * size, size);
    }

    /**
     * The channel's points in [from, to] (null: from its first / to its last point), at most {@code maxPoints};
     * fails with a 404 problem for a channel with neither points nor events.
     */
    @WithSession
    public Uni<Series> series(String channel, Instant from, Instant to, int maxPoints) {
        return Uni.combine().all().unis(series.channel(channel), series.points(channel, from, to, maxPoints, inMemoryPoints))
                .asTuple()
                .chain(found -> {
                    SeriesRepository.ChannelLookup lookup = found.getItem1();
                    SeriesRepository.PointRange range = found.getItem2();
                    if (!lookup.known()) {
                        return Uni.createFrom().failure(ProblemException.notFound("Channel not found",
                                "no points and no anomaly events for channel " + channel));
                    }
                    Instant start = from != null ? from : range.firstTime();
                    Instant end = to != null ? to : range.lastTime();
                    return Uni.combine().all()
                            .unis(events.overlapping(channel, start, end, MAX_EVENTS),
                                    series.labels(channel, start, end, MAX_LABELS))
                            .with((rows, labels) -> new Series(channel, lookup.spacecraft(), start, end,
                                    range.total(), range.total() > maxPoints, range.points(),
                                    rows.stream().map(StoredAnomaly::of).toList(), labels));
                });
    }
}

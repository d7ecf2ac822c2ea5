package space.telemetry.store.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import space.telemetry.store.repository.DetectorCount;
import space.telemetry.store.repository.EventFilter;
import space.telemetry.store.repository.EventRepository;

/** Queries over the stored anomaly events. */
@ApplicationScoped
public class AnomalyService {
    private final EventRepository repository;

    public AnomalyService(EventRepository repository) {
        this.repository = repository;
    }

    /** One page of the events matching the filter, newest first, with the number of all matches. */
    @WithSession
    public Uni<AnomalyPage> search(EventFilter filter, int page, int size) {
        return repository.search(filter, page, size)
                .chain(rows -> repository.count(filter)
                        .map(total -> new AnomalyPage(rows.stream().map(StoredAnomaly::of).toList(), page, size,
                                total)));
    }

    /** The event with this id; fails with {@link AnomalyNotFoundException} when there is none. */
    @WithSession
    public Uni<StoredAnomaly> find(UUID id) {
        return repository.findById(id)
                .onItem().ifNull().failWith(() -> new AnomalyNotFoundException(id))
                .map(StoredAnomaly::of);
    }

    /** One summary per channel (of one spacecraft when given), ordered by spacecraft and channel. */
    @WithSession
    public Uni<List<ChannelSummary>> summarize(String spacecraft) {
        return repository.countByDetector(spacecraft).chain(counts -> {
            Map<String, Map<String, Long>> detectors = new HashMap<>();
            for (DetectorCount count : counts) {
                detectors.computeIfAbsent(key(count.spacecraft(), count.channel()), k -> new TreeMap<>())
                        .put(count.detector(), count.events());
            }
            return repository.aggregateByChannel(spacecraft).map(rows -> rows.stream()
                    .map(row -> new ChannelSummary(row.spacecraft(), row.channel(), row.events(), row.open(),
                            row.closed(), detectors.getOrDefault(key(row.spacecraft(), row.channel()), Map.of()),
                            row.firstStart(), row.lastEnd(), row.maxPeakScore()))
                    .toList());
        });
    }

    private static String key(String spacecraft, String channel) {
        return spacecraft + '\u0000' + channel;
    }
}

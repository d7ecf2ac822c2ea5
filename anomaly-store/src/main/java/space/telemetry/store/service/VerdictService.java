package space.telemetry.store.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import space.telemetry.store.repository.VerdictRepository;

/** Records operators' verdicts on events (a history: never overwritten) and publishes them to the live stream. */
@ApplicationScoped
public class VerdictService {
    /** Most verdicts GET /anomalies/{id}/verdicts returns (the newest). */
    public static final int MAX_HISTORY = 1000;

    private final VerdictRepository repository;
    private final LiveUpdates live;

    public VerdictService(VerdictRepository repository, LiveUpdates live) {
        this.repository = repository;
        this.live = live;
    }

    /** Records a verdict by {@code author}; fails with {@link AnomalyNotFoundException} for an unknown event. */
    public Uni<Verdict> record(UUID eventId, VerdictRequest request, String author) {
        String by = Author.of(author);
        String note = request.note() == null || request.note().isBlank() ? null : request.note();
        return repository.insert(eventId, request.verdict(), note, by)
                .onItem().ifNull().failWith(() -> new AnomalyNotFoundException(eventId))
                .invoke(live::verdict);
    }

    /** The event's verdicts, newest first; fails with {@link AnomalyNotFoundException} for an unknown event. */
    public Uni<List<Verdict>> history(UUID eventId) {
        return repository.history(eventId, MAX_HISTORY).chain(verdicts -> verdicts.isEmpty()
                ? repository.eventExists(eventId).map(exists -> {
                    if (!exists) {
                        throw new AnomalyNotFoundException(eventId);
                    }
                    return verdicts;
                })
                : Uni.createFrom().item(verdicts));
    }
}

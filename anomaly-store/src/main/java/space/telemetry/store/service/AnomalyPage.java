package space.telemetry.store.service;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of a search: the items, the 0-based page number, the page size and the number of matching events. */
@Schema(description = "One page of matching anomaly events, newest first.")
public record AnomalyPage(List<StoredAnomaly> items, int page, int size, long total) {
}

package space.telemetry.data;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A dataset of timestamped series of one source (NAB, CSV), read whole when opened. */
public final class SeriesDataset implements Dataset {
    private final DatasetKind kind;
    private final Path dir;
    private final String source;
    private final List<SeriesChannel> channels;
    private final Map<String, DataFileException> problems;

    public SeriesDataset(DatasetKind kind, Path dir, String source, List<SeriesChannel> channels,
            Map<String, DataFileException> problems) {
        this.kind = kind;
        this.dir = dir;
        this.source = source;
        this.channels = channels.stream().sorted(Comparator.comparing(SeriesChannel::id)).toList();
        this.problems = Collections.unmodifiableMap(new TreeMap<>(problems));
    }

    @Override
    public DatasetKind kind() {
        return kind;
    }

    @Override
    public Path dir() {
        return dir;
    }

    /** The source every channel carries. */
    public String source() {
        return source;
    }

    @Override
    public List<SeriesChannel> channels() {
        return channels;
    }

    @Override
    public Map<String, DataFileException> problems() {
        return problems;
    }

    @Override
    public Optional<String> sourceOf(String id) {
        return knows(id) ? Optional.of(source) : Optional.empty();
    }
}

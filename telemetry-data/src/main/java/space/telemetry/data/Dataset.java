package space.telemetry.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A directory of channels the replay and the evaluation read alike: Telemanom, NAB or a user's CSV series. */
public interface Dataset {
    /** Which layout the directory has. */
    DatasetKind kind();

    Path dir();

    /** Usable channels, sorted by id. */
    List<? extends DatasetChannel> channels();

    /** Channels whose files are missing or malformed, with the error naming the file. */
    Map<String, DataFileException> problems();

    /** The source of a channel, usable or not, when the dataset can tell. */
    Optional<String> sourceOf(String id);

    /** True when the id is a channel of this dataset, usable or not. */
    default boolean knows(String id) {
        return problems().containsKey(id) || channels().stream().anyMatch(c -> c.id().equals(id));
    }

    /**
     * The usable channel with this id.
     *
     * @throws DataFileException        when its file is missing or malformed
     * @throws IllegalArgumentException when the dataset has no such channel
     */
    default DatasetChannel require(String id) {
        DataFileException problem = problems().get(id);
        if (problem != null) {
            throw problem;
        }
        return channels().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown channel '" + id + "' in " + dir()));
    }

    /** Usable channels of one source, sorted by id. */
    default List<DatasetChannel> channelsOf(String source) {
        return channels().stream().filter(c -> c.source().equals(source)).map(DatasetChannel.class::cast).toList();
    }

    /** The sources of the usable channels, sorted. */
    default Set<String> sources() {
        Set<String> sources = new TreeSet<>();
        channels().forEach(c -> sources.add(c.source()));
        return sources;
    }
}

package space.telemetry.data.nab;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import space.telemetry.contract.Limits;
import space.telemetry.data.DataFileException;
import space.telemetry.data.DatasetKind;
import space.telemetry.data.SeriesChannel;
import space.telemetry.data.SeriesDataset;

/**
 * The NAB corpus as a dataset: source {@value #SOURCE}, channel {@code <category>/<name>} (valid contract names as
 * they are), history = NAB's probationary rows, event times = the file's timestamps read as UTC.
 */
public final class NabDataset {
    /** The source (spacecraft) name NAB channels carry. */
    public static final String SOURCE = "NAB";

    private NabDataset() {
    }

    /** Reads the corpus in {@code dir}; any malformed file is an error naming it. */
    public static SeriesDataset open(Path dir) {
        return of(NabCorpus.open(dir));
    }

    /** The corpus's series as channels. */
    public static SeriesDataset of(NabCorpus corpus) {
        List<SeriesChannel> channels = new ArrayList<>(corpus.series().size());
        for (NabSeries series : corpus.series()) {
            channels.add(channel(corpus.dir(), series));
        }
        return new SeriesDataset(DatasetKind.NAB, corpus.dir(), SOURCE, channels, Map.of());
    }

    /** The channel name of a series: its key without {@code .csv}. */
    public static String channelId(NabSeries series) {
        return series.category() + "/" + series.name();
    }

    /** A series as a channel. */
    public static SeriesChannel channel(Path dir, NabSeries series) {
        String id = channelId(series);
        Path file = dir.resolve("data").resolve(series.key());
        if (!Limits.NAME.matcher(id).matches()) {
            throw new DataFileException(file, "channel name '" + id + "' is not letters, digits and . _ - : / "
                    + "starting with a letter or digit (at most " + Limits.MAX_NAME_LENGTH + " characters)");
        }
        List<Instant> times = series.timestamps().stream().map(t -> t.toInstant(ZoneOffset.UTC)).toList();
        return new SeriesChannel(SOURCE, id, file, times, series.values(), series.probation());
    }
}

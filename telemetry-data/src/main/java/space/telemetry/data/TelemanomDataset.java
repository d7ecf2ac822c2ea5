package space.telemetry.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import space.telemetry.contract.Spacecraft;

/**
 * A Telemanom data directory ({@code train/}, {@code test/}, optional {@code labeled_anomalies.csv}), described from
 * the NPY headers only: opening it is cheap and reads no data.
 */
public final class TelemanomDataset implements Dataset {
    private final Path dir;
    private final Labels labels;
    private final Map<String, TelemanomChannel> channels;
    private final Map<String, DataFileException> problems;

    private TelemanomDataset(Path dir, Labels labels, Map<String, TelemanomChannel> channels,
            Map<String, DataFileException> problems) {
        this.dir = dir;
        this.labels = labels;
        this.channels = Collections.unmodifiableMap(channels);
        this.problems = Collections.unmodifiableMap(problems);
    }

    /** Opens a data directory; any missing or malformed file is an error naming it. */
    public static TelemanomDataset open(Path dir) {
        TelemanomDataset dataset = scan(dir);
        if (!dataset.problems.isEmpty()) {
            throw dataset.problems.values().iterator().next();
        }
        return dataset;
    }

    /**
     * Opens a data directory, keeping the channels whose files are fine and recording the others as problems. A
     * missing directory or a malformed labels file is still an error.
     */
    public static TelemanomDataset scan(Path dir) {
        Path train = dir.resolve("train");
        Path test = dir.resolve("test");
        requireDirectory(dir, "Telemanom data directory not found (set TELEMANOM_DIR or download the data with "
                + "infra/download-telemanom.sh)");
        requireDirectory(train, "train directory not found in the Telemanom data directory");
        requireDirectory(test, "test directory not found in the Telemanom data directory");
        Path labelsFile = dir.resolve(Labels.FILE_NAME);
        Labels labels = Files.exists(labelsFile) ? Labels.read(labelsFile) : Labels.of(List.of());

        TreeSet<String> ids = new TreeSet<>();
        ids.addAll(npyNames(train));
        ids.addAll(npyNames(test));
        Map<String, TelemanomChannel> channels = new LinkedHashMap<>();
        Map<String, DataFileException> problems = new LinkedHashMap<>();
        for (String id : ids) {
            try {
                channels.put(id, describe(id, train.resolve(id + ".npy"), test.resolve(id + ".npy"), labels,
                        labelsFile));
            } catch (DataFileException e) {
                problems.put(id, e);
            }
        }
        return new TelemanomDataset(dir, labels, channels, problems);
    }

    private static TelemanomChannel describe(String id, Path trainFile, Path testFile, Labels labels,
            Path labelsFile) {
        if (!Files.exists(trainFile)) {
            throw new DataFileException(trainFile, "file not found (channel " + id + " has a test file but no train file)");
        }
        if (!Files.exists(testFile)) {
            throw new DataFileException(testFile, "file not found (channel " + id + " has a train file but no test file)");
        }
        NpyHeader trainHeader = NpyFile.readHeader(trainFile);
        NpyHeader testHeader = NpyFile.readHeader(testFile);
        if (trainHeader.columns() != testHeader.columns()) {
            throw new DataFileException(testFile, "has " + testHeader.columns() + " columns but " + trainFile
                    + " has " + trainHeader.columns());
        }
        Spacecraft spacecraft;
        Optional<String> labelled = labels.spacecraftOf(id);
        if (labelled.isPresent()) {
            spacecraft = Spacecraft.parse(labelled.get()).orElseThrow(() -> new DataFileException(labelsFile,
                    "channel " + id + ": unknown spacecraft '" + labelled.get() + "' (SMAP or MSL)"));
        } else {
            spacecraft = Spacecraft.byColumns(trainHeader.columns()).orElseThrow(() -> new DataFileException(trainFile,
                    "cannot tell the spacecraft: " + trainHeader.columns() + " columns (SMAP arrays have "
                            + Spacecraft.SMAP.columns() + ", MSL " + Spacecraft.MSL.columns()
                            + ") and the channel is not in " + Labels.FILE_NAME));
        }
        return new TelemanomChannel(id, spacecraft, trainHeader.rows(), testHeader.rows(), trainHeader.columns(),
                trainFile, testFile);
    }

    private static void requireDirectory(Path dir, String problem) {
        if (!Files.isDirectory(dir)) {
            throw new DataFileException(dir, Files.exists(dir) ? "not a directory" : problem);
        }
        if (!Files.isReadable(dir)) {
            throw new DataFileException(dir, "directory is not readable (permissions)");
        }
    }

    private static List<String> npyNames(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = new ArrayList<>();
            files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".npy") && !name.startsWith("."))
                    .forEach(name -> names.add(name.substring(0, name.length() - ".npy".length())));
            return names;
        } catch (IOException e) {
            throw new DataFileException(dir, "cannot list: " + e.getMessage(), e);
        }
    }

    @Override
    public DatasetKind kind() {
        return DatasetKind.TELEMANOM;
    }

    @Override
    public Path dir() {
        return dir;
    }

    /** The spacecraft the labels give a channel, else that of its usable files. */
    @Override
    public Optional<String> sourceOf(String id) {
        Optional<String> labelled = labels.spacecraftOf(id);
        return labelled.isPresent() ? labelled : channel(id).map(TelemanomChannel::source);
    }

    /** The labels file's rows (empty when the directory has none). */
    public Labels labels() {
        return labels;
    }

    /** Usable channels, sorted by id. */
    @Override
    public List<TelemanomChannel> channels() {
        return List.copyOf(channels.values());
    }

    /** Usable channels of one spacecraft, sorted by id. */
    public List<TelemanomChannel> channels(Spacecraft spacecraft) {
        return channels.values().stream().filter(c -> c.spacecraft() == spacecraft).toList();
    }

    public Optional<TelemanomChannel> channel(String id) {
        return Optional.ofNullable(channels.get(id));
    }

    /** Channels whose files are missing or malformed (only after {@link #scan}), with the error naming the file. */
    @Override
    public Map<String, DataFileException> problems() {
        return problems;
    }

    /** True when the id is a channel of this directory, usable or not. */
    @Override
    public boolean knows(String id) {
        return channels.containsKey(id) || problems.containsKey(id);
    }

    /**
     * The usable channel with this id.
     *
     * @throws DataFileException        when its files are missing or malformed
     * @throws IllegalArgumentException when the directory has no such channel
     */
    @Override
    public TelemanomChannel require(String id) {
        DataFileException problem = problems.get(id);
        if (problem != null) {
            throw problem;
        }
        TelemanomChannel channel = channels.get(id);
        if (channel == null) {
            throw new IllegalArgumentException("unknown channel '" + id + "' in " + dir);
        }
        return channel;
    }

    /** {@code train/<id>.npy} of a usable channel. */
    public Path trainFile(String id) {
        return require(id).trainFile();
    }

    /** {@code test/<id>.npy} of a usable channel. */
    public Path testFile(String id) {
        return require(id).testFile();
    }
}

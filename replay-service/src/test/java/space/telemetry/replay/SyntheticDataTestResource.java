package space.telemetry.replay;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import space.telemetry.testdata.NpyWriter;
import space.telemetry.testdata.SyntheticDataset;

/**
 * Writes a synthetic Telemanom directory to a temp dir and points {@code replay.data-dir} at it. Channels: RPL-1..3
 * (SMAP), RPLM-1 (MSL), 300 train and 700 test rows each; BAD-TRUNC whose test file is cut short; BAD-MAGIC whose
 * test file is not an NPY file. Channel names are unique to this module, as the broker is shared by the test JVM.
 */
public class SyntheticDataTestResource implements QuarkusTestResourceLifecycleManager {
    public static final int TRAIN_ROWS = 300;
    public static final int TEST_ROWS = 700;
    public static final int TRUNCATED_AFTER = 200;

    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("replay-telemanom");
            write(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("replay.data-dir", dir.toString());
    }

    public static void write(Path dir) throws IOException {
        SyntheticDataset.write(dir, SyntheticDataset.Options.defaults(2026).withRows(TRAIN_ROWS, TEST_ROWS)
                .withChannels(List.of("RPL-1", "RPL-2", "RPL-3"), List.of("RPLM-1")));
        double[][] rows = new double[500][25];
        for (int i = 0; i < rows.length; i++) {
            rows[i][0] = i / 1000.0;
        }
        NpyWriter.write(dir.resolve("train/BAD-TRUNC.npy"), Arrays.copyOf(rows, 100));
        Path truncated = dir.resolve("test/BAD-TRUNC.npy");
        NpyWriter.write(truncated, rows);
        byte[] bytes = Files.readAllBytes(truncated);
        int header = bytes.length - 500 * 25 * 8;
        Files.write(truncated, Arrays.copyOf(bytes, header + TRUNCATED_AFTER * 25 * 8 + 13));
        NpyWriter.write(dir.resolve("train/BAD-MAGIC.npy"), Arrays.copyOf(rows, 100));
        Files.writeString(dir.resolve("test/BAD-MAGIC.npy"), "this is not an npy file");
    }

    @Override
    public void stop() {
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // temp dir, best effort
            }
        }
    }
}

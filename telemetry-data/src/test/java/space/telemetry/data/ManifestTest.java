package space.telemetry.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** configs/telemanom.sha256 (used by infra/download-telemanom.sh) matches the real data, when it is here. */
class ManifestTest {
    private static final Path MANIFEST = Path.of("..", "configs", "telemanom.sha256");

    @Test
    void manifestMatchesTheDataDirectory() throws IOException, NoSuchAlgorithmException {
        assumeThat(MANIFEST).as("manifest").exists();
        Optional<Path> data = DataDirectory.resolve();
        assumeThat(data).as("Telemanom data directory").isPresent();
        assumeThat(data.get().resolve("train")).isDirectory();

        List<String> lines = Files.readAllLines(MANIFEST);
        TreeSet<String> listed = new TreeSet<>();
        for (String line : lines) {
            assertThat(line).matches("[0-9a-f]{64}  (train|test)/[^/]+\\.npy");
            String hash = line.substring(0, 64);
            String name = line.substring(66);
            listed.add(name);
            assertThat(sha256(data.get().resolve(name))).as(name).isEqualTo(hash);
        }
        TreeSet<String> present = new TreeSet<>();
        for (String split : List.of("train", "test")) {
            try (Stream<Path> files = Files.list(data.get().resolve(split))) {
                files.filter(p -> p.toString().endsWith(".npy")).forEach(p -> present.add(split + "/" + p.getFileName()));
            }
        }
        assertThat(listed).isEqualTo(present).hasSize(164);
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}

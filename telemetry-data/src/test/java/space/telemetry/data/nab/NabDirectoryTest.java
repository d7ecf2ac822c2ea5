package space.telemetry.data.nab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabDirectoryTest {
    @Test
    void theEnvironmentComesFirstThenThePropertyThenSharedNextToTheCheckout(@TempDir Path dir) throws Exception {
        Path work = Files.createDirectories(dir.resolve("a/b"));
        Properties properties = new Properties();
        properties.setProperty(NabDirectory.PROPERTY, "/from/property");
        assertThat(NabDirectory.candidates(Map.of(NabDirectory.ENV, "/from/env"), properties, work)).containsExactly(
                Path.of("/from/env"), Path.of("/from/property"), dir.resolve("a/shared/nab"), dir.resolve("shared/nab"));
        assertThat(NabDirectory.resolve(Map.of(), new Properties(), work)).isEmpty();
        Path shared = Files.createDirectories(dir.resolve("shared/nab"));
        assertThat(NabDirectory.resolve(Map.of(), new Properties(), work)).contains(shared);
    }
}

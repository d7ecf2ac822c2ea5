package space.telemetry.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {
    @TempDir
    Path root;

    @Test
    void envWinsOverPropertyAndFallbacks() throws IOException {
        Path fromEnv = Files.createDirectories(root.resolve("env"));
        Path fromProperty = Files.createDirectories(root.resolve("prop"));
        Properties properties = new Properties();
        properties.setProperty(DataDirectory.PROPERTY, fromProperty.toString());
        assertThat(DataDirectory.resolve(Map.of(DataDirectory.ENV, fromEnv.toString()), properties, root))
                .contains(fromEnv);
        assertThat(DataDirectory.resolve(Map.of(), properties, root)).contains(fromProperty);
    }

    @Test
    void fallsBackToSharedFolderNextToTheWorkTree() throws IOException {
        Path work = Files.createDirectories(root.resolve("work/main/module"));
        Path shared = Files.createDirectories(root.resolve("work/shared/telemanom"));
        Properties properties = new Properties();
        properties.setProperty(DataDirectory.PROPERTY, root.resolve("absent").toString());
        // ../shared from work/main/module does not exist, ../../shared does
        assertThat(DataDirectory.resolve(Map.of(DataDirectory.ENV, root.resolve("gone").toString()), properties, work))
                .contains(shared);
        assertThat(DataDirectory.resolve(Map.of(), new Properties(), root.resolve("work/main"))).contains(shared);
    }

    @Test
    void emptyWhenNothingExists() {
        assertThat(DataDirectory.resolve(Map.of(), new Properties(), root.resolve("x/y"))).isEmpty();
        assertThat(DataDirectory.candidates(Map.of(DataDirectory.ENV, "/a"), new Properties(), root)).hasSize(3);
    }
}

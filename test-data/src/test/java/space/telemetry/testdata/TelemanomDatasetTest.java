package space.telemetry.testdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import space.telemetry.contract.Spacecraft;
import space.telemetry.data.ChannelPoints;
import space.telemetry.data.DataDirectory;
import space.telemetry.data.DataFileException;
import space.telemetry.data.TelemanomChannel;
import space.telemetry.data.TelemanomDataset;

class TelemanomDatasetTest {
    @TempDir
    Path dir;

    private void writeSynthetic() {
        SyntheticDataset.write(dir, SyntheticDataset.Options.defaults(1).withRows(100, 400));
    }

    @Test
    void listsChannelsFromHeaders() {
        writeSynthetic();
        TelemanomDataset dataset = TelemanomDataset.open(dir);
        assertThat(dataset.channels()).extracting(TelemanomChannel::id)
                .containsExactly("SYN-1", "SYN-2", "SYN-3", "SYNM-1");
        TelemanomChannel msl = dataset.require("SYNM-1");
        assertThat(msl.spacecraft()).isEqualTo(Spacecraft.MSL);
        assertThat(msl.columns()).isEqualTo(55);
        assertThat(msl.trainRows()).isEqualTo(100);
        assertThat(msl.testRows()).isEqualTo(400);
        assertThat(msl.totalRows()).isEqualTo(500);
        assertThat(dataset.channels(Spacecraft.SMAP)).hasSize(3);
        assertThat(dataset.trainFile("SYN-1")).isEqualTo(dir.resolve("train/SYN-1.npy"));
        assertThat(dataset.testFile("SYN-1")).isEqualTo(dir.resolve("test/SYN-1.npy"));
        assertThat(dataset.labels().rows()).hasSize(4);
        assertThat(dataset.problems()).isEmpty();
        assertThatThrownBy(() -> dataset.require("X-9")).hasMessageContaining("unknown channel 'X-9'");
    }

    @Test
    void pointsAreAtStartPlusTheirPositionTimesThePeriodWithTheGapBeforeTheTestSplit() {
        NpyWriter.write(dir.resolve("train/A-1.npy"), new double[3][25]);
        NpyWriter.write(dir.resolve("test/A-1.npy"), new double[2][25]);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Duration period = Duration.ofSeconds(2, 999_999_999);
        List<Instant> times = new ArrayList<>();
        try (ChannelPoints points = TelemanomDataset.open(dir).require("A-1").open(start, period)) {
            points.forEachRemaining(point -> times.add(point.eventTime()));
        }
        assertThat(times).containsExactly(start, start.plus(period), start.plus(period.multipliedBy(2)),
                start.plus(period.multipliedBy(3 + ChannelPoints.SPLIT_GAP)),
                start.plus(period.multipliedBy(4 + ChannelPoints.SPLIT_GAP)));
    }

    @Test
    void spacecraftComesFromColumnsWhenNotLabelled() {
        writeSynthetic();
        NpyWriter.write(dir.resolve("train/M-7.npy"), new double[10][55]);
        NpyWriter.write(dir.resolve("test/M-7.npy"), new double[20][55]);
        NpyWriter.write(dir.resolve("train/Q-1.npy"), new double[10][25]);
        NpyWriter.write(dir.resolve("test/Q-1.npy"), new double[20][25]);
        TelemanomDataset dataset = TelemanomDataset.open(dir);
        assertThat(dataset.require("M-7").spacecraft()).isEqualTo(Spacecraft.MSL);
        assertThat(dataset.require("Q-1").spacecraft()).isEqualTo(Spacecraft.SMAP);
    }

    @Test
    void oddColumnCountIsAnErrorNamingTheFile() {
        writeSynthetic();
        NpyWriter.write(dir.resolve("train/X-1.npy"), new double[10][30]);
        NpyWriter.write(dir.resolve("test/X-1.npy"), new double[20][30]);
        assertThatThrownBy(() -> TelemanomDataset.open(dir)).isInstanceOf(DataFileException.class)
                .hasMessageContaining(dir.resolve("train/X-1.npy").toString())
                .hasMessageContaining("30 columns");
        TelemanomDataset lenient = TelemanomDataset.scan(dir);
        assertThat(lenient.channels()).hasSize(4);
        assertThat(lenient.problems()).containsOnlyKeys("X-1");
        assertThat(lenient.knows("X-1")).isTrue();
        assertThatThrownBy(() -> lenient.require("X-1")).hasMessageContaining("30 columns");
    }

    @Test
    void missingTestFileIsAnErrorNamingIt() throws IOException {
        writeSynthetic();
        Files.delete(dir.resolve("test/SYN-2.npy"));
        assertThatThrownBy(() -> TelemanomDataset.open(dir)).isInstanceOf(DataFileException.class)
                .hasMessageContaining(dir.resolve("test/SYN-2.npy").toString())
                .hasMessageContaining("file not found");
    }

    @Test
    void missingDirectoriesAreNamed() throws IOException {
        Path missing = dir.resolve("nothing-here");
        assertThatThrownBy(() -> TelemanomDataset.open(missing)).isInstanceOf(DataFileException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("data directory not found");
        Files.createDirectories(dir.resolve("train"));
        assertThatThrownBy(() -> TelemanomDataset.open(dir))
                .hasMessageContaining(dir.resolve("test").toString())
                .hasMessageContaining("test directory not found");
    }

    @Test
    void malformedHeaderIsAnErrorNamingTheFile() throws IOException {
        writeSynthetic();
        Files.writeString(dir.resolve("test/SYN-3.npy"), "garbage");
        assertThatThrownBy(() -> TelemanomDataset.open(dir))
                .hasMessageContaining(dir.resolve("test/SYN-3.npy").toString())
                .hasMessageContaining("not an NPY file");
    }

    @Test
    void opensTheRealDataWhenPresent() {
        Optional<Path> data = DataDirectory.resolve();
        assumeThat(data).isPresent();
        assumeThat(data.get().resolve("train")).isDirectory();
        TelemanomDataset dataset = TelemanomDataset.open(data.get());
        assertThat(dataset.channels()).hasSize(82);
        assertThat(dataset.channels(Spacecraft.SMAP)).hasSize(54).allSatisfy(c -> assertThat(c.columns()).isEqualTo(25));
        assertThat(dataset.channels(Spacecraft.MSL)).hasSize(28).allSatisfy(c -> assertThat(c.columns()).isEqualTo(55));
        assertThat(dataset.require("A-1").trainRows()).isEqualTo(2880);
    }
}

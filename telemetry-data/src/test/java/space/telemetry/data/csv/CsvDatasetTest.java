package space.telemetry.data.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import space.telemetry.data.DataFileException;
import space.telemetry.data.DatasetKind;
import space.telemetry.data.SeriesDataset;

class CsvDatasetTest {
    @TempDir
    Path dir;

    @Test
    void everyCsvFileIsAChannelOfTheSource() throws IOException {
        Files.writeString(dir.resolve("tank-1.temp.csv"), "timestamp,value\n1,1\n2,2\n");
        Files.writeString(dir.resolve("flow.csv"), "timestamp,value\n1,1\n");
        Files.writeString(dir.resolve("notes.txt"), "not data");
        SeriesDataset dataset = CsvDataset.open(dir, "PLANT-7");
        assertThat(dataset.kind()).isEqualTo(DatasetKind.CSV);
        assertThat(dataset.channels()).extracting(c -> c.id()).containsExactly("flow", "tank-1.temp");
        assertThat(dataset.sources()).containsExactly("PLANT-7");
        assertThat(dataset.channels().get(0).commands()).isZero();
    }

    @Test
    void aMalformedFileIsAProblemOfItsChannelAndOpenThrowsIt() throws IOException {
        Files.writeString(dir.resolve("good.csv"), "timestamp,value\n1,1\n");
        Files.writeString(dir.resolve("bad.csv"), "timestamp,value\n1,x\n");
        Files.writeString(dir.resolve("has space.csv"), "timestamp,value\n1,1\n");
        SeriesDataset dataset = CsvDataset.scan(dir, "S");
        assertThat(dataset.channels()).extracting(c -> c.id()).containsExactly("good");
        assertThat(dataset.problems()).containsOnlyKeys("bad", "has space");
        assertThat(dataset.problems().get("has space").problem()).contains("is not a channel name");
        assertThatThrownBy(() -> CsvDataset.open(dir, "S")).isInstanceOf(DataFileException.class)
                .hasMessageContaining("bad.csv: line 2: value 'x' is not a number");
    }

    @Test
    void theSourceMustBeANameOtherThanTheNasaSpacecraft() throws IOException {
        Files.writeString(dir.resolve("a.csv"), "timestamp,value\n1,1\n");
        assertThatThrownBy(() -> CsvDataset.open(dir, "smap")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("taken by the NASA data");
        assertThatThrownBy(() -> CsvDataset.open(dir, "my plant")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a name");
    }

    @Test
    void aDirectoryWithoutCsvFilesIsAnError() {
        assertThatThrownBy(() -> CsvDataset.open(dir, "S")).isInstanceOf(DataFileException.class)
                .hasMessageContaining("no .csv files");
        assertThatThrownBy(() -> CsvDataset.open(dir.resolve("none"), "S")).isInstanceOf(DataFileException.class)
                .hasMessageContaining("not found");
    }
}

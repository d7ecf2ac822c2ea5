package space.telemetry.data.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import space.telemetry.data.DataFileException;

class NabCsvTest {
    @TempDir
    Path dir;

    @Test
    void readsTimestampsAndValuesInFileOrder() throws IOException {
        Path file = write("ok.csv", "timestamp,value\n2014-07-01 00:00:00,10844\n2014-07-01 00:30:00,8127.5\n"
                + "2014-07-01 00:30:00,-1e3\n");
        NabCsv.Columns columns = NabCsv.read(file, "value");
        assertThat(columns.timestamps()).containsExactly(LocalDateTime.of(2014, 7, 1, 0, 0),
                LocalDateTime.of(2014, 7, 1, 0, 30), LocalDateTime.of(2014, 7, 1, 0, 30));
        assertThat(columns.values()).containsExactly(10844, 8127.5, -1000);
    }

    @Test
    void aMalformedFileIsNamedWithTheLineAndTheProblem() throws IOException {
        assertProblem("timestamp,value\n2014-07-01 00:00:00,1\n2014-07-01 00:05:00,1,2\n",
                "line 3: 3 fields, the header has 2");
        assertProblem("timestamp,value\n2014-07-01 00:00:00,1\n01/07/2014 00:05,1\n",
                "line 3: '01/07/2014 00:05' is not a timestamp");
        assertProblem("timestamp,value\n2014-07-01 00:00:00,abc\n", "line 2: value 'abc' is not a finite number");
        assertProblem("timestamp,value\n2014-07-01 00:00:00,NaN\n", "line 2: value 'NaN' is not a finite number");
        assertProblem("time,value\n2014-07-01 00:00:00,1\n", "line 1: header [time, value] lacks a 'timestamp' column");
        assertProblem("timestamp,value\n", "no rows after the header");
        assertProblem("", "line 1: empty");
        assertThatThrownBy(() -> NabCsv.read(dir.resolve("missing.csv"), "value"))
                .isInstanceOf(DataFileException.class).hasMessageContaining("missing.csv: no such file");
    }

    @Test
    void aWindowThatIsNotOnTheSeriesTimestampsIsRefusedNamingTheSeries() throws IOException {
        Files.createDirectories(dir.resolve("data/cat"));
        write("data/cat/s.csv", "timestamp,value\n2014-07-01 00:00:00,1\n2014-07-01 00:05:00,2\n");
        Files.createDirectories(dir.resolve("labels"));
        write("labels/combined_windows.json",
                "{\"cat/s.csv\": [[\"2014-07-01 00:01:00.000000\", \"2014-07-01 00:05:00.000000\"]]}");
        assertThatThrownBy(() -> NabCorpus.open(dir)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("combined_windows.json").hasMessageContaining("cat/s.csv")
                .hasMessageContaining("does not start and end on timestamps of the series");
        write("labels/combined_windows.json", "{\"cat/s.csv\": [[\"2014-07-01 00:00:00.000000\"]]}");
        assertThatThrownBy(() -> NabCorpus.open(dir)).hasMessageContaining("a window is not [start, end]");
    }

    private void assertProblem(String content, String problem) throws IOException {
        Path file = write("bad.csv", content);
        assertThatThrownBy(() -> NabCsv.read(file, "value")).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining(problem);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}

package space.telemetry.data.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryPoint;
import space.telemetry.data.DataFileException;
import space.telemetry.data.PointStream;
import space.telemetry.data.SeriesChannel;

class CsvSeriesTest {
    @TempDir
    Path dir;

    @Test
    void readsTimestampsValuesAndIgnoresExtraColumns() throws IOException {
        Path file = write("pump.csv", "timestamp,value,note\n2026-01-01T00:00:00Z,1.5,a\n"
                + "2026-01-01 00:01:00,-2,b\n\n2026-01-01T00:02:00-01:00,3e2,\n");
        SeriesChannel channel = CsvSeries.read(file, "PLANT", "pump");
        assertThat(channel.totalRows()).isEqualTo(3);
        assertThat(channel.time(1)).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));
        assertThat(channel.time(2)).isEqualTo(Instant.parse("2026-01-01T01:02:00Z"));
        assertThat(channel.value(2)).isEqualTo(300);
    }

    @Test
    void timestampsGoingBackwardsAreRejectedButEqualOnesAreKept() throws IOException {
        assertThat(CsvSeries.read(write("eq.csv", "timestamp,value\n100,1\n100,2\n"), "S", "eq").totalRows())
                .isEqualTo(2);
        assertProblem("timestamp,value\n2026-01-01T00:01:00Z,1\n2026-01-01T00:00:00Z,2\n",
                "line 3: timestamp 2026-01-01T00:00:00Z is earlier than the row before");
    }

    @Test
    void aBadHeaderIsLineOne() throws IOException {
        assertProblem("time,value\n2026-01-01T00:00:00Z,1\n", "line 1: header must start with timestamp,value");
        assertProblem("timestamp\n2026-01-01T00:00:00Z\n", "line 1: header must start with timestamp,value");
    }

    @Test
    void aNonNumericValueNamesTheLine() throws IOException {
        assertProblem("timestamp,value\n2026-01-01T00:00:00Z,1\n2026-01-01T00:01:00Z,abc\n",
                "line 3: value 'abc' is not a number");
        assertProblem("timestamp,value\n2026-01-01T00:00:00Z,\n", "line 2: value '' is not a number");
    }

    @Test
    void aNonFiniteOrHugeValueNamesTheLine() throws IOException {
        assertProblem("timestamp,value\n2026-01-01T00:00:00Z,NaN\n", "line 2: value 'NaN' is not finite");
        assertProblem("timestamp,value\n2026-01-01T00:00:00Z,-Infinity\n", "line 2: value '-Infinity' is not finite");
        assertProblem("timestamp,value\n2026-01-01T00:00:00Z,1e13\n", "line 2: value 1e13 is beyond");
    }

    @Test
    void aMissingColumnNamesTheLine() throws IOException {
        assertProblem("timestamp,value,note\n2026-01-01T00:00:00Z,1,x\n2026-01-01T00:01:00Z,2\n",
                "line 3: 2 fields, the header has 3");
    }

    @Test
    void aBadTimestampNamesTheLine() throws IOException {
        assertProblem("timestamp,value\n01/07/2026,1\n", "line 2: timestamp '01/07/2026' is not a timestamp");
        assertProblem("timestamp,value\n1800-01-01T00:00:00Z,1\n", "line 2: timestamp 1800-01-01T00:00:00Z is outside");
    }

    @Test
    void anEmptyFileOrAHeaderAloneIsAnError() throws IOException {
        assertProblem("", "empty file");
        assertProblem("timestamp,value\n", "no rows after the header");
    }

    @Test
    void theFirstFifteenPercentCappedAt750IsHistoryWithoutCommands() throws IOException {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 100; i++) {
            csv.append(1_700_000_000L + 60L * i).append(',').append(i).append('\n');
        }
        SeriesChannel channel = CsvSeries.read(write("s.csv", csv.toString()), "PLANT", "s");
        assertThat(channel.trainRows()).isEqualTo(15);
        assertThat(channel.testRows()).isEqualTo(85);
        List<TelemetryPoint> points = new ArrayList<>();
        try (PointStream stream = channel.open(Instant.EPOCH, java.time.Duration.ofHours(1))) {
            stream.forEachRemaining(points::add);
        }
        assertThat(points.get(14).split()).isEqualTo(Split.TRAIN);
        assertThat(points.get(15).split()).isEqualTo(Split.TEST);
        assertThat(points.get(15).index()).isZero();
        assertThat(points.get(15).eventTime()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L + 60L * 15));
        assertThat(points.get(15).commands()).isEmpty();
        assertThat(points.get(15).spacecraft()).isEqualTo("PLANT");
    }

    private void assertProblem(String content, String problem) throws IOException {
        Path file = write("bad.csv", content);
        assertThatThrownBy(() -> CsvSeries.read(file, "S", "bad")).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining(problem);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}

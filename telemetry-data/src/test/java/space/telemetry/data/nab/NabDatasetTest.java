package space.telemetry.data.nab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import space.telemetry.contract.Limits;
import space.telemetry.data.Dataset;
import space.telemetry.data.DatasetKind;
import space.telemetry.data.SeriesChannel;
import space.telemetry.data.SeriesDataset;

class NabDatasetTest {
    @TempDir
    Path dir;

    @Test
    void seriesBecomeChannelsOfSourceNabWithTheirTimestampsAndProbationAsHistory() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data/realAWSCloudwatch"));
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 40; i++) {
            csv.append(String.format("2014-04-10 %02d:%02d:00,%d%n", i / 12, (i % 12) * 5, i));
        }
        Files.writeString(data.resolve("iio_us-east-1_i-a2eb1cd9_NetworkIn.csv"), csv);
        Files.createDirectories(dir.resolve("labels"));
        Files.writeString(dir.resolve(NabCorpus.WINDOWS), "{\"realAWSCloudwatch/iio_us-east-1_i-a2eb1cd9_NetworkIn.csv\": "
                + "[[\"2014-04-10 01:00:00\", \"2014-04-10 01:30:00\"]]}");

        Dataset dataset = DatasetKind.NAB.scan(dir, "ignored");
        assertThat(dataset).isInstanceOf(SeriesDataset.class);
        SeriesChannel channel = (SeriesChannel) dataset.channels().get(0);
        assertThat(channel.id()).isEqualTo("realAWSCloudwatch/iio_us-east-1_i-a2eb1cd9_NetworkIn");
        assertThat(Limits.NAME.matcher(channel.id()).matches()).isTrue();
        assertThat(channel.source()).isEqualTo("NAB");
        assertThat(channel.trainRows()).isEqualTo(6);
        assertThat(channel.testRows()).isEqualTo(34);
        assertThat(channel.time(13)).isEqualTo(Instant.parse("2014-04-10T01:05:00Z"));
    }
}

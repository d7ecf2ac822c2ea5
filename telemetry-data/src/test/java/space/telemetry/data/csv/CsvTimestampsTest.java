package space.telemetry.data.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CsvTimestampsTest {
    @Test
    void isoWithOrWithoutAnOffsetWithoutOneBeingUtc() {
        assertThat(CsvTimestamps.parse("2026-03-01T12:00:00Z")).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
        assertThat(CsvTimestamps.parse("2026-03-01T12:00:00.250-02:00"))
                .isEqualTo(Instant.parse("2026-03-01T14:00:00.250Z"));
        assertThat(CsvTimestamps.parse("2026-03-01 12:00:00")).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
    }

    @Test
    void integersBelowTenToTheElevenAreEpochSecondsLargerOnesMilliseconds() {
        assertThat(CsvTimestamps.parse("1700000000")).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(CsvTimestamps.parse("1700000000123")).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
        assertThat(CsvTimestamps.parse("1700000000.5")).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 500_000_000));
    }

    @Test
    void anythingElseIsRejected() {
        assertThatThrownBy(() -> CsvTimestamps.parse("yesterday")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'yesterday' is not a timestamp");
        assertThatThrownBy(() -> CsvTimestamps.parse("2026-02-30T00:00:00Z"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

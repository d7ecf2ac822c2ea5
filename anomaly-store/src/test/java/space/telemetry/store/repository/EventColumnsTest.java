package space.telemetry.store.repository;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.EventState;
import space.telemetry.contract.InvalidRecordException;
import space.telemetry.contract.Limits;
import space.telemetry.contract.Split;

class EventColumnsTest {
    private static final Instant T = Instant.parse("2018-05-01T00:00:00Z");

    private static AnomalyEvent event(Instant start, Instant end, Instant detected) {
        return new AnomalyEvent(AnomalyEvent.idFor("P-1", "ewma", Split.TEST, 1), "SMAP", "P-1", "ewma", Split.TEST,
                1, 2, 2, start, end, detected, 5, 3, EventState.OPEN, 10);
    }

    @Test
    void timesAtTheLimitsFit() {
        assertThatCode(() -> EventColumns.requireFits(event(Limits.MIN_TIME, Limits.MAX_TIME, Limits.MAX_TIME)))
                .doesNotThrowAnyException();
    }

    @Test
    void aStartTimeBeforeTheLimitsDoesNotFit() {
        assertThatThrownBy(() -> EventColumns.requireFits(event(Instant.parse("-5000-01-01T00:00:00Z"), T, T)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("startTime -5000-01-01T00:00:00Z is outside 1900-01-01T00:00:00Z..9999-12-31T23:59:59Z");
    }

    @Test
    void anEndOrDetectedTimeAfterTheLimitsDoesNotFit() {
        Instant late = Limits.MAX_TIME.plusSeconds(1);
        assertThatThrownBy(() -> EventColumns.requireFits(event(T, late, T))).hasMessageStartingWith("endTime +10000");
        assertThatThrownBy(() -> EventColumns.requireFits(event(T, T, late)))
                .hasMessageStartingWith("detectedTime +10000");
    }

    @Test
    void anEventThatEndsBeforeItStartsDoesNotFit() {
        assertThatThrownBy(() -> EventColumns.requireFits(event(T.plusSeconds(60), T, T)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("startTime 2018-05-01T00:01:00Z is after endTime 2018-05-01T00:00:00Z");
    }
}

package space.telemetry.data.nab;

import java.time.LocalDateTime;

/** A labelled anomaly window of a NAB series: its first and last timestamp, both inclusive. */
public record NabWindow(LocalDateTime start, LocalDateTime end) {
    public NabWindow {
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("window ends (" + end + ") before it starts (" + start + ")");
        }
    }
}

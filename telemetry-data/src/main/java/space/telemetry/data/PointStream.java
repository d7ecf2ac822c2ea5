package space.telemetry.data;

import java.util.Iterator;
import space.telemetry.contract.TelemetryPoint;

/** A channel's points in stream order (train rows, then test rows); close it to release its file. */
public interface PointStream extends Iterator<TelemetryPoint>, AutoCloseable {
    @Override
    void close();
}

package space.telemetry.contract;

/** How a producer encodes {@code telemetry.raw} values; {@link TelemetryCodec#readPoint} reads both. */
public enum WireFormat {
    /** {@link TelemetryCodec}: about 35 bytes for a Telemanom point. */
    BINARY,
    /** {@link TelemetryJson}: readable, about 250 bytes for a Telemanom point. */
    JSON;

    /** The record value of a point in this format. */
    public byte[] encode(TelemetryPoint point) {
        return this == BINARY ? TelemetryCodec.write(point) : TelemetryJson.write(point);
    }
}

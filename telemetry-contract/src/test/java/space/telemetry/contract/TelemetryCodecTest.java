package space.telemetry.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TelemetryCodecTest {
    private static final Instant TIME = Instant.parse("2026-01-01T00:00:00Z");
    private static final TelemetryPoint SMAP = new TelemetryPoint("SMAP", "P-1", Split.TEST, 42, TIME, 0.5,
            oneHot(24, 3));

    private static double[] oneHot(int count, int... set) {
        double[] commands = new double[count];
        for (int i : set) {
            commands[i] = 1.0;
        }
        return commands;
    }

    private static TelemetryPoint point(String spacecraft, long index, Instant time, double value, double[] commands) {
        return new TelemetryPoint(spacecraft, "P-1", Split.TRAIN, index, time, value, commands);
    }

    static Stream<Arguments> validPoints() {
        return Stream.of(
                Arguments.of(Named.of("SMAP one-hot", SMAP)),
                Arguments.of(Named.of("MSL one-hot, bits in every byte",
                        point("MSL", 0, TIME, -1.25, oneHot(54, 0, 7, 8, 15, 31, 48, 53)))),
                Arguments.of(Named.of("negative zero value and all-zero commands", point("SMAP", 1, TIME, -0.0,
                        new double[24]))),
                Arguments.of(Named.of("extremes: largest index and magnitude, earliest time",
                        point("NAB", Limits.MAX_INDEX, Limits.MIN_TIME, -Limits.MAX_ABS_VALUE, new double[] {1.0}))),
                Arguments.of(Named.of("latest time, smallest subnormal value", point("NAB", 7,
                        Limits.MAX_TIME, Double.MIN_VALUE, new double[0]))),
                Arguments.of(Named.of("time with nanoseconds", point("NAB", 7, TIME.plusNanos(999_999_999),
                        Limits.MAX_ABS_VALUE, new double[0]))),
                Arguments.of(Named.of("commands that are not 0/1, with -0.0 among them", point("NAB", 3, TIME, 1e-300,
                        new double[] {0.0, -0.0, 1.0, 0.5, -1e12, 1e-310, 2.0}))),
                Arguments.of(Named.of("64 commands, no source name rule broken", point("a.b_c:d/e-F9", 5, TIME, 3,
                        oneHot(64, 63)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validPoints")
    void aPointIsReadBackBitForBit(TelemetryPoint point) {
        TelemetryPoint read = TelemetryCodec.readPoint("P-1", TelemetryCodec.write(point));
        assertThat(read).usingRecursiveComparison().isEqualTo(point);
        assertThat(Double.doubleToRawLongBits(read.value())).isEqualTo(Double.doubleToRawLongBits(point.value()));
        assertThat(Arrays.stream(read.commands()).mapToLong(Double::doubleToRawLongBits).toArray())
                .containsExactly(Arrays.stream(point.commands()).mapToLong(Double::doubleToRawLongBits).toArray());
    }

    @Test
    void oneHotCommandsTakeABitEachAndOthersTheirExactDoubles() {
        assertThat(TelemetryCodec.write(SMAP)).hasSize(1 + 5 + 4 + 1 + 1 + 5 + 1 + 8 + 2 + 3);
        TelemetryPoint half = point("SMAP", 42, TIME, 0.5, new double[24]);
        half.commands()[23] = 0.5;
        assertThat(TelemetryCodec.write(half)).hasSize(1 + 5 + 4 + 1 + 1 + 5 + 1 + 8 + 2 + 24 * 8);
        TelemetryPoint negativeZero = point("SMAP", 42, TIME, 0.5, new double[24]);
        negativeZero.commands()[0] = -0.0;
        assertThat(TelemetryCodec.write(negativeZero)).hasSize(1 + 5 + 4 + 1 + 1 + 5 + 1 + 8 + 2 + 24 * 8);
    }

    @Test
    void bothFormsAreReadAndGiveTheSamePoint() {
        TelemetryPoint fromJson = TelemetryCodec.readPoint("P-1", TelemetryJson.write(SMAP));
        TelemetryPoint fromBinary = TelemetryCodec.readPoint("P-1", WireFormat.BINARY.encode(SMAP));
        assertThat(fromBinary).usingRecursiveComparison().isEqualTo(fromJson).isEqualTo(SMAP);
        assertThat(WireFormat.JSON.encode(SMAP)).isEqualTo(TelemetryJson.write(SMAP));
    }

    @Test
    void theMagicByteCannotStartAJsonDocument() {
        byte magic = TelemetryCodec.MAGIC_V1;
        for (String json : new String[] {"{", " {", "\t{", "\n{", "\r{", "[", "\"", "1", "-", "t", "f", "n"}) {
            for (var charset : new java.nio.charset.Charset[] {StandardCharsets.UTF_8, StandardCharsets.UTF_16BE,
                    StandardCharsets.UTF_16LE, StandardCharsets.UTF_16, java.nio.charset.Charset.forName("UTF-32")}) {
                byte first = json.getBytes(charset)[0];
                assertThat(TelemetryCodec.isBinary(first)).as("%s in %s", json, charset).isFalse();
            }
        }
        assertThat(TelemetryCodec.isBinary((byte) 0xEF)).as("UTF-8 byte order mark").isFalse();
        assertThat(TelemetryCodec.isBinary(magic)).isTrue();
    }

    /** A valid binary SMAP point with bytes from {@code from} on replaced. */
    private static byte[] patched(int from, int... bytes) {
        return patched(TelemetryCodec.write(SMAP), from, bytes);
    }

    private static byte[] patched(byte[] value, int from, int... bytes) {
        for (int i = 0; i < bytes.length; i++) {
            value[from + i] = (byte) bytes[i];
        }
        return value;
    }

    private static byte[] concat(byte[] value, int... more) {
        byte[] out = Arrays.copyOf(value, value.length + more.length);
        for (int i = 0; i < more.length; i++) {
            out[value.length + i] = (byte) more[i];
        }
        return out;
    }

    /** {@code value} with bytes {@code [from, to)} replaced by {@code bytes}. */
    private static byte[] spliced(byte[] value, int from, int to, int... bytes) {
        byte[] head = concat(Arrays.copyOf(value, from), bytes);
        byte[] out = Arrays.copyOf(head, head.length + value.length - to);
        System.arraycopy(value, to, out, head.length, value.length - to);
        return out;
    }

    private static Arguments invalid(String name, byte[] value, String reason) {
        return Arguments.of(Named.of(name, value), reason);
    }

    // SMAP layout: 0 magic, 1 len 4, 2-5 "SMAP", 6 len 3, 7-9 "P-1", 10 split, 11 index 42, 12-16 seconds,
    // 17 nanos, 18-25 value, 26 count, 27 encoding, 28-30 bitmask
    static Stream<Arguments> invalidValues() {
        byte[] valid = TelemetryCodec.write(SMAP);
        double[] longCommands = new double[65];
        double[] nanCommand = new double[24];
        nanCommand[5] = Double.NaN;
        return Stream.of(
                invalid("unknown version", patched(0, 0xC2), "version byte 0xC2 is unknown (this reader knows 0xC1)"),
                invalid("truncated in the channel", Arrays.copyOf(valid, 8), "truncated in channel"),
                invalid("truncated in the value", Arrays.copyOf(valid, 20), "truncated in value"),
                invalid("truncated in the bitmask", Arrays.copyOf(valid, valid.length - 1),
                        "truncated in commands bitmask"),
                invalid("only the magic byte", new byte[] {TelemetryCodec.MAGIC_V1}, "truncated in spacecraft length"),
                invalid("trailing bytes", concat(valid, 0, 0), "2 bytes follow the last field"),
                invalid("split byte 2", patched(10, 2), "split byte 2 is neither 0 (train) nor 1 (test)"),
                invalid("empty channel", concat(new byte[] {TelemetryCodec.MAGIC_V1, 4, 'S', 'M', 'A', 'P', 0}),
                        "truncated in split"),
                invalid("channel with a byte above 0x7F", patched(8, 0xE9), "channel 'P?1' must be letters"),
                invalid("channel with a control character", patched(8, 7), "channel 'P?1' must be letters"),
                invalid("index varint not in its shortest form", concat(Arrays.copyOf(valid, 11), 0xAA, 0x00),
                        "index varint is not in its shortest form"),
                invalid("index varint over 64 bits", concat(Arrays.copyOf(valid, 11), 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0xFF, 0xFF, 0x7F), "index varint overflows 64 bits"),
                invalid("index beyond the maximum", TelemetryCodec.write(point("SMAP", Limits.MAX_INDEX + 1, TIME, 0,
                        new double[24])), "index must be between 0 and " + Limits.MAX_INDEX),
                invalid("nanoseconds of a second 10^9", patched(17, 0x80, 0x94, 0xEB, 0xDC, 0x03),
                        "eventTime nanoseconds 1000000000 is not below 1,000,000,000"),
                invalid("event time before 1900", TelemetryCodec.write(point("SMAP", 1,
                        Limits.MIN_TIME.minusNanos(1), 0, new double[24])), "eventTime must be between"),
                invalid("event time beyond Instant's range", spliced(valid, 12, 17, 0xFE, 0xFF,
                        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01), "eventTime must be between"),
                invalid("NaN value", TelemetryCodec.write(point("SMAP", 1, TIME, Double.NaN, new double[24])),
                        "value must be a finite number"),
                invalid("infinite value", TelemetryCodec.write(point("SMAP", 1, TIME, Double.NEGATIVE_INFINITY,
                        new double[24])), "value must be a finite number"),
                invalid("NaN command", TelemetryCodec.write(point("SMAP", 1, TIME, 0, nanCommand)),
                        "commands[5] must be a finite number"),
                invalid("65 commands", TelemetryCodec.write(point("NAB", 1, TIME, 0, longCommands)),
                        "commands has 65 features, at most 64 allowed"),
                invalid("SMAP with MSL's command count", TelemetryCodec.write(point("SMAP", 1, TIME, 0,
                        new double[54])), "commands has 54 features, SMAP points have 24"),
                invalid("unknown command encoding", patched(27, 2), "command encoding 2 is neither 0 (bitmask) nor"),
                invalid("bitmask bits past the last feature", patched(TelemetryCodec.write(point("NAB", 1, TIME, 0,
                        new double[3])), 27, 0x09), "commands bitmask has bits set past its 3 features"),
                invalid("doubles truncated", Arrays.copyOf(TelemetryCodec.write(point("NAB", 1, TIME, 0,
                        new double[] {0.5, 0.5})), 40), "truncated in commands[1]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidValues")
    void aMalformedBinaryValueIsRejectedNamingItsProblem(byte[] value, String reason) {
        assertThatThrownBy(() -> TelemetryCodec.readPoint("P-1", value)).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void aBinaryValueWhoseChannelIsNotTheKeyIsRejected() {
        byte[] value = TelemetryCodec.write(SMAP);
        assertThatThrownBy(() -> TelemetryCodec.readPoint("P-2", value)).isInstanceOf(InvalidRecordException.class)
                .hasMessage("key 'P-2' does not match channel 'P-1'");
        assertThatThrownBy(() -> TelemetryCodec.readPoint(null, value)).hasMessage("key is missing");
    }

    @Test
    void valuesThatAreNeitherFormAreRejectedAsJsonWouldBe() {
        assertThatThrownBy(() -> TelemetryCodec.readPoint("P-1", new byte[0])).hasMessage("value is empty");
        assertThatThrownBy(() -> TelemetryCodec.readPoint("P-1", null)).hasMessage("value is empty");
        assertThatThrownBy(() -> TelemetryCodec.readPoint("P-1", new byte[] {0x05, 0x01}))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("not a valid TelemetryPoint");
        byte[] oversized = new byte[Limits.MAX_RECORD_BYTES + 1];
        oversized[0] = TelemetryCodec.MAGIC_V1;
        assertThatThrownBy(() -> TelemetryCodec.readPoint("P-1", oversized))
                .hasMessage("value is 65537 bytes long, at most 65536 allowed");
    }

    @Test
    void aPointTheFormatCannotCarryIsRefusedByTheWriter() {
        assertThatThrownBy(() -> TelemetryCodec.write(point("SMAP\u00e9", 1, TIME, 0, new double[24])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spacecraft must be ASCII");
        assertThatThrownBy(() -> TelemetryCodec.write(point("NAB", 1, TIME, 0, new double[256])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 255 commands");
    }
}

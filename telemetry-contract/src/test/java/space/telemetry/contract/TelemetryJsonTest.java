package space.telemetry.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TelemetryJsonTest {
    private static final Instant TIME = Instant.parse("2026-01-01T00:00:00Z");
    private static final TelemetryPoint POINT = new TelemetryPoint("SMAP", "P-1", Split.TEST, 42, TIME, 0.5,
            new double[24]);
    private static final AnomalyEvent EVENT = new AnomalyEvent(AnomalyEvent.idFor("P-1", "shape", Split.TEST, 40),
            "SMAP", "P-1", "shape", Split.TEST, 40, 50, 42, TIME, TIME.plusSeconds(10), TIME.plusSeconds(2), 9.5, 6.0,
            EventState.OPEN, 2042);
    private static final String HUGE = "x".repeat(70_000);

    @Test
    void aValidPointAndEventAreReadBackUnchanged() {
        TelemetryPoint point = TelemetryJson.readPoint("P-1", TelemetryJson.write(POINT));
        assertThat(point).usingRecursiveComparison().isEqualTo(POINT);
        assertThat(TelemetryJson.readEvent(TelemetryJson.write(EVENT))).isEqualTo(EVENT);
    }

    @Test
    void anotherSourceMayCarryAnyCommandCountUpToTheMaximum() {
        for (int count : new int[] {0, 3, Limits.MAX_COMMANDS}) {
            byte[] json = point(node -> {
                node.put("spacecraft", "NAB");
                ArrayNode commands = node.putArray("commands");
                for (int i = 0; i < count; i++) {
                    commands.add(1.0);
                }
            });
            assertThat(TelemetryJson.readPoint("P-1", json).commands()).hasSize(count);
        }
    }

    static Stream<Arguments> invalidPoints() {
        return Stream.of(
                invalid("spacecraft missing", node -> node.remove("spacecraft"), "spacecraft: Missing"),
                invalid("spacecraft null", node -> node.putNull("spacecraft"), "spacecraft is missing"),
                invalid("60 KB channel name", node -> node.put("channel", HUGE.substring(0, 60_000)),
                        "channel is 60000 characters long, at most 128"),
                invalid("control character in the channel", node -> node.put("channel", "P-1\u0007"),
                        "channel 'P-1?' must be letters, digits"),
                invalid("channel starting with a dot", node -> node.put("channel", ".P-1"), "channel '.P-1' must be"),
                invalid("split missing", node -> node.remove("split"), "split: Missing"),
                invalid("split null", node -> node.putNull("split"), "split is missing"),
                invalid("unknown split", node -> node.put("split", "validation"),
                        "split: split must be 'train' or 'test', got 'validation'"),
                invalid("negative index", node -> node.put("index", -1), "index must be between 0 and"),
                invalid("index beyond the maximum", node -> node.put("index", Limits.MAX_INDEX + 1),
                        "index must be between 0 and " + Limits.MAX_INDEX),
                invalid("event time missing", node -> node.remove("eventTime"), "eventTime"),
                invalid("event time in year -1000000000", node -> node.put("eventTime", "-1000000000-01-01T00:00:00Z"),
                        "eventTime must be between 1900-01-01T00:00:00Z and 9999-12-31T23:59:59Z"),
                invalid("event time in year +1000000000", node -> node.put("eventTime", "+1000000000-01-01T00:00:00Z"),
                        "eventTime must be between"),
                invalid("event time before 1900", node -> node.put("eventTime", "1899-12-31T23:59:59Z"),
                        "eventTime must be between"),
                invalid("event time as a number beyond Instant's range", node -> node.put("eventTime", 1e30),
                        "eventTime"),
                invalid("value 1e308", node -> node.put("value", 1e308), "value must be a finite number of magnitude"),
                invalid("value NaN as a string", node -> node.put("value", "NaN"), "value must be a finite number"),
                invalid("value overflowing to infinity", node -> node.put("value", "1e400"),
                        "value must be a finite number"),
                invalid("value not a number", node -> node.put("value", "x".repeat(5000)), "value: Cannot"),
                invalid("commands missing", node -> node.remove("commands"), "commands"),
                invalid("no commands for SMAP", node -> node.putArray("commands"),
                        "commands has 0 features, SMAP points have 24"),
                invalid("SMAP count of commands for MSL", node -> node.put("spacecraft", "MSL"),
                        "commands has 24 features, MSL points have 54"),
                invalid("more commands than the maximum", node -> {
                    node.put("spacecraft", "NAB");
                    ArrayNode commands = node.putArray("commands");
                    for (int i = 0; i <= Limits.MAX_COMMANDS; i++) {
                        commands.add(0.0);
                    }
                }, "commands has 65 features, at most 64"),
                invalid("NaN command", node -> ((ArrayNode) node.get("commands")).set(0, "NaN"),
                        "commands[0] must be a finite number"),
                invalid("command beyond the maximum magnitude", node -> ((ArrayNode) node.get("commands")).set(23, -1e13),
                        "commands[23] must be a finite number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPoints")
    void anInvalidPointIsRejectedNamingTheFieldAndTheProblem(Consumer<ObjectNode> change, String reason) {
        byte[] json = point(change);
        assertRejected(() -> TelemetryJson.readPoint("P-1", json), reason);
    }

    @Test
    void aKeyThatIsMissingOrNotTheChannelIsRejected() {
        byte[] json = TelemetryJson.write(POINT);
        assertRejected(() -> TelemetryJson.readPoint(null, json), "key is missing");
        assertRejected(() -> TelemetryJson.readPoint("P-2", json), "key 'P-2' does not match channel 'P-1'");
        assertRejected(() -> TelemetryJson.readPoint(HUGE, json), "key 'xxxxxxxxxx");
    }

    @Test
    void aValueOverTheSizeBoundIsRejectedBeforeParsing() {
        byte[] oversized = ("{\"channel\":\"" + HUGE + "\"").getBytes(StandardCharsets.UTF_8); // not even JSON
        assertRejected(() -> TelemetryJson.readPoint("P-1", oversized), "value is 70013 bytes long, at most 65536");
        assertRejected(() -> TelemetryJson.readEvent(oversized), "value is 70013 bytes long");
    }

    @Test
    void malformedJsonIsRejectedWithAShortMessage() {
        byte[] broken = ("{\"channel\":\"" + "y".repeat(60_000)).getBytes(StandardCharsets.UTF_8);
        assertRejected(() -> TelemetryJson.readPoint("P-1", broken), "not a valid TelemetryPoint");
        assertRejected(() -> TelemetryJson.readPoint("P-1", new byte[0]), "value is empty");
    }

    static Stream<Arguments> invalidEvents() {
        return Stream.of(
                invalid("id not a UUID", node -> node.put("id", "event-1"), "id must be a canonical UUID, got 'event-1'"),
                invalid("70 KB id", node -> node.put("id", HUGE.substring(0, 60_000)), "id must be a canonical UUID"),
                invalid("id missing", node -> node.remove("id"), "id"),
                invalid("detector name with a space", node -> node.put("detector", "my detector"),
                        "detector 'my detector' must be letters"),
                invalid("spacecraft missing", node -> node.remove("spacecraft"), "spacecraft"),
                invalid("60 KB channel name", node -> node.put("channel", HUGE.substring(0, 60_000)),
                        "channel is 60000 characters long"),
                invalid("split missing", node -> node.remove("split"), "split"),
                invalid("state missing", node -> node.remove("state"), "state"),
                invalid("negative start", node -> node.put("startIndex", -1), "startIndex must be between 0 and"),
                invalid("start after end", node -> node.put("startIndex", 51), "startIndex 51 is after endIndex 50"),
                invalid("end beyond the maximum", node -> node.put("endIndex", Limits.MAX_INDEX + 1),
                        "endIndex must be between"),
                invalid("detected index negative", node -> node.put("detectedIndex", -5),
                        "detectedIndex must be between"),
                invalid("start time in year -1000000000", node -> node.put("startTime", "-1000000000-01-01T00:00:00Z"),
                        "startTime must be between"),
                invalid("end time in year +1000000000", node -> node.put("endTime", "+1000000000-01-01T00:00:00Z"),
                        "endTime must be between"),
                invalid("detected time after 9999", node -> node.put("detectedTime", "+10000-01-01T00:00:00Z"),
                        "detectedTime must be between"),
                invalid("start time after end time", node -> node.put("startTime", "2026-01-01T00:00:11Z"),
                        "startTime 2026-01-01T00:00:11Z is after endTime"),
                invalid("infinite peak score", node -> node.put("peakScore", "Infinity"),
                        "peakScore must be a finite number"),
                invalid("NaN threshold", node -> node.put("threshold", "NaN"), "threshold must be a finite number"),
                invalid("negative revision", node -> node.put("revision", -1), "revision must be >= 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidEvents")
    void anInvalidEventIsRejectedNamingTheFieldAndTheProblem(Consumer<ObjectNode> change, String reason) {
        ObjectNode node = TelemetryJson.MAPPER.valueToTree(EVENT);
        change.accept(node);
        byte[] json = node.toString().getBytes(StandardCharsets.UTF_8);
        assertRejected(() -> TelemetryJson.readEvent(json), reason);
    }

    private static Arguments invalid(String name, Consumer<ObjectNode> change, String reason) {
        return Arguments.of(Named.of(name, change), reason);
    }

    private static byte[] point(Consumer<ObjectNode> change) {
        ObjectNode node = TelemetryJson.MAPPER.valueToTree(POINT);
        change.accept(node);
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Rejected with the reason, and the message echoes at most about 100 characters of the input. */
    private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable read, String reason) {
        assertThatThrownBy(read).isInstanceOf(InvalidRecordException.class).hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(250).doesNotContain("x".repeat(101))
                        .doesNotContain("y".repeat(101)));
    }
}

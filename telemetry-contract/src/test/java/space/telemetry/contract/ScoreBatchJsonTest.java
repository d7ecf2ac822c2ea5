package space.telemetry.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScoreBatchJsonTest {
    private static final long T = 1767225600000L; // 2026-01-01T00:00:00Z
    private static final ScoreBatch BATCH = new ScoreBatch("SMAP", "P-1", Split.TEST, 0.5,
            new long[] {7, 8, 10}, new long[] {T, T + 60_000, T + 180_000}, new double[] {0.25, -1.5e-3, 123.0},
            new float[] {0f, 0.5f, 0.987654f});

    @Test
    void aBatchIsWrittenAsPointArraysAndReadBackUnchanged() {
        byte[] json = TelemetryJson.write(BATCH);
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"spacecraft\":\"SMAP\",\"channel\":\"P-1\","
                + "\"split\":\"test\",\"threshold\":0.5,\"points\":[[7," + T + ",0.25,0.0],[8," + (T + 60_000)
                + ",-0.0015,0.5],[10," + (T + 180_000) + ",123.0,0.987654]]}");
        assertThat(TelemetryJson.readScores("P-1", json)).isEqualTo(BATCH);
    }

    @Test
    void theLargestAllowedBatchFitsInTheRecordLimit() {
        int n = Limits.MAX_SCORE_POINTS;
        long[] indices = new long[n];
        long[] times = new long[n];
        double[] values = new double[n];
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            indices[i] = Limits.MAX_INDEX - n + i;
            times[i] = Limits.MAX_TIME.toEpochMilli() - n + i;
            values[i] = -Math.PI * 1e11 / (i + 1);
            scores[i] = (float) (1.0 / Math.PI / (i + 1));
        }
        ScoreBatch largest = new ScoreBatch("S".repeat(128), "C".repeat(128), Split.TRAIN, 0.5, indices, times,
                values, scores);
        byte[] json = TelemetryJson.write(largest);
        assertThat(json.length).isLessThan(Limits.MAX_SCORE_RECORD_BYTES);
        assertThat(TelemetryJson.readScores("C".repeat(128), json)).isEqualTo(largest);
    }

    @Test
    void unknownFieldsAreIgnored() {
        String json = "{\"spacecraft\":\"MSL\",\"x\":{\"a\":[1,2]},\"channel\":\"M-1\",\"split\":\"train\","
                + "\"threshold\":0.5,\"points\":[[0," + T + ",1,0.1]],\"y\":null}";
        ScoreBatch batch = TelemetryJson.readScores("M-1", json.getBytes(StandardCharsets.UTF_8));
        assertThat(batch.size()).isEqualTo(1);
        assertThat(batch.split()).isEqualTo(Split.TRAIN);
        assertThat(batch.scores()[0]).isEqualTo(0.1f);
    }

    static Stream<Arguments> invalidBatches() {
        String ok = "[1," + T + ",0.5,0.2]";
        return Stream.of(
                invalid("empty value", "", "value is empty"),
                invalid("not json", "{\"spacecraft\": 42, this is", "not a valid ScoreBatch: spacecraft must be a string"),
                invalid("truncated", "{\"spacecraft\":\"SMAP\",\"points\":[[1,", "not a valid ScoreBatch: "),
                invalid("an array", "[" + ok + "]", "not a valid ScoreBatch: the value must be a JSON object"),
                invalid("spacecraft missing", batch(null, "\"P-1\"", "\"test\"", "0.5", ok), "spacecraft is missing"),
                invalid("channel with a control character", batch("\"SMAP\"", "\"P-1\\u0007\"", "\"test\"", "0.5", ok),
                        "channel 'P-1?' must be letters"),
                invalid("unknown split", batch("\"SMAP\"", "\"P-1\"", "\"valid\"", "0.5", ok),
                        "split: split must be 'train' or 'test', got 'valid'"),
                invalid("split missing", batch("\"SMAP\"", "\"P-1\"", null, "0.5", ok), "split is missing"),
                invalid("threshold missing", batch("\"SMAP\"", "\"P-1\"", "\"test\"", null, ok), "threshold is missing"),
                invalid("threshold above 1", batch("\"SMAP\"", "\"P-1\"", "\"test\"", "3", ok),
                        "threshold must be between 0 and 1, got 3.0"),
                invalid("threshold a string", batch("\"SMAP\"", "\"P-1\"", "\"test\"", "\"x\"", ok),
                        "threshold must be a number"),
                invalid("no points", batch("\"SMAP\"", "\"P-1\"", "\"test\"", "0.5", ""), "points is empty"),
                invalid("points missing", "{\"spacecraft\":\"SMAP\",\"channel\":\"P-1\",\"split\":\"test\","
                        + "\"threshold\":0.5}", "points is missing"),
                invalid("point as object", batch("\"SMAP\"", "\"P-1\"", "\"test\"", "0.5", "{\"index\":1}"),
                        "points[0] must be an array"),
                invalid("point with 3 elements", batch("\"SMAP\"", "\"P-1\"", "\"test\"", "0.5", "[1," + T + ",0.5]"),
                        "points[0] score must be a number"),
                invalid("point with 5 elements", batch("\"SMAP\"", "\"P-1\"", "\"test\"", "0.5",
                        ok + ",[2," + T + ",0.5,0.2,9]"), "points[1] must have 4 elements"),
                invalid("fractional index", batch("\"SMAP\"", "\"P-1\"", "\"test\"", "0.5", "[1.5," + T + ",0.5,0.2]"),
                        "points[0] index must be an integer"),
                invalid("huge index", batch("\"SMAP\"", "\"P-1\"", "\"test\"", "0.5",
                        "[123456789012345678901234567890," + T + ",0.5,0.2]"), "points[0] index is out of range"),
                invalid("negative index", batch("\"SMAP\"", "\"P-1\"", "\"test\"", "0.5", "[-1," + T + ",0.5,0.2]"),
                        "points[0] index must be between 0 and"),
                invalid("indices not increasing", batch("\"SMAP\"", "\"P-1\"", "\"test\"", "0.5",
                        ok + "," + ok), "points[1] index 1 does not follow index 1"),
                invalid("time before 1900", batch("\"SMAP\"", "\"P-1\"", "\"test\"", "0.5", "[1,-9999999999999,0.5,0.2]"),
                        "points[0] time must be between 1900-01-01T00:00:00Z"),
                invalid("unbounded value", batch("\"SMAP\"", "\"P-1\"", "\"test\"", "0.5", "[1," + T + ",1e300,0.2]"),
                        "points[0] value must be a finite number of magnitude at most"),
                invalid("infinite value", batch("\"SMAP\"", "\"P-1\"", "\"test\"", "0.5", "[1," + T + ",1e999,0.2]"),
                        "points[0] value must be a finite number"),
                invalid("score above 1", batch("\"SMAP\"", "\"P-1\"", "\"test\"", "0.5", "[1," + T + ",0.5,1.5]"),
                        "points[0] score must be between 0 and 1, got 1.5"),
                invalid("negative score", batch("\"SMAP\"", "\"P-1\"", "\"test\"", "0.5", "[1," + T + ",0.5,-0.1]"),
                        "points[0] score must be between 0 and 1"),
                invalid("trailing content", batch("\"SMAP\"", "\"P-1\"", "\"test\"", "0.5", ok) + "{}",
                        "trailing content"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBatches")
    void aMalformedBatchIsRefusedWithItsReason(String json, String reason) {
        assertThatThrownBy(() -> TelemetryJson.readScores("P-1", json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining(reason);
    }

    @Test
    void tooManyPointsAreRefusedWhileReading() {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i <= Limits.MAX_SCORE_POINTS; i++) {
            points.append(i == 0 ? "" : ",").append('[').append(i).append(',').append(T).append(",1,0]");
        }
        byte[] json = batch("\"SMAP\"", "\"P-1\"", "\"test\"", "0.5", points.toString())
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TelemetryJson.readScores("P-1", json)).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("points has more than 2000 points");
    }

    @Test
    void anOversizedValueIsRefusedBeforeParsing() {
        byte[] json = new byte[Limits.MAX_SCORE_RECORD_BYTES + 1];
        assertThatThrownBy(() -> TelemetryJson.readScores("P-1", json)).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("bytes long, at most " + Limits.MAX_SCORE_RECORD_BYTES);
    }

    @Test
    void theKeyMustNameTheChannel() {
        byte[] json = TelemetryJson.write(BATCH);
        assertThatThrownBy(() -> TelemetryJson.readScores("P-2", json)).isInstanceOf(InvalidRecordException.class)
                .hasMessage("key 'P-2' does not match channel 'P-1'");
        assertThatThrownBy(() -> TelemetryJson.readScores(null, json)).isInstanceOf(InvalidRecordException.class)
                .hasMessage("key is missing");
    }

    private static String batch(String spacecraft, String channel, String split, String threshold, String points) {
        StringBuilder json = new StringBuilder("{");
        if (spacecraft != null) {
            json.append("\"spacecraft\":").append(spacecraft).append(',');
        }
        json.append("\"channel\":").append(channel).append(',');
        if (split != null) {
            json.append("\"split\":").append(split).append(',');
        }
        if (threshold != null) {
            json.append("\"threshold\":").append(threshold).append(',');
        }
        return json.append("\"points\":[").append(points).append("]}").toString();
    }

    private static Arguments invalid(String name, String json, String reason) {
        return Arguments.of(Named.of(name, json), reason);
    }
}

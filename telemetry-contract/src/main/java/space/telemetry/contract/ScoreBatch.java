package space.telemetry.contract;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.util.Arrays;

/**
 * One record on {@code telemetry.scores}: consecutive points of one channel and split as the detectors processed
 * them, with each point's anomaly score; columnar (primitive arrays of equal length, in index order). On the wire
 * the points are {@code "points":[[index, epochMillis, value, score], ...]}.
 *
 * @param threshold the threshold in force, on the score scale (0.5: a score at the detectors' thresholds)
 * @param indices   each point's index in its split
 * @param times     each point's event time, epoch milliseconds
 * @param values    each point's sensor value
 * @param scores    each point's anomaly score in [0, 1]
 */
@JsonSerialize(using = ScoreBatch.Writer.class)
public record ScoreBatch(String spacecraft, String channel, Split split, double threshold, long[] indices,
        long[] times, double[] values, float[] scores) {

    /** Number of points. */
    public int size() {
        return indices.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ScoreBatch that && spacecraft.equals(that.spacecraft)
                && channel.equals(that.channel) && split == that.split
                && Double.compare(threshold, that.threshold) == 0 && Arrays.equals(indices, that.indices)
                && Arrays.equals(times, that.times) && Arrays.equals(values, that.values)
                && Arrays.equals(scores, that.scores);
    }

    @Override
    public int hashCode() {
        return 31 * channel.hashCode() + Arrays.hashCode(indices);
    }

    @Override
    public String toString() {
        return "ScoreBatch[" + spacecraft + " " + channel + " " + split + " " + size() + " points"
                + (size() == 0 ? "" : " from " + indices[0] + " to " + indices[size() - 1]) + "]";
    }

    /** Writes the wire form without intermediate objects. */
    static final class Writer extends JsonSerializer<ScoreBatch> {
        @Override
        public void serialize(ScoreBatch batch, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeStartObject();
            out.writeStringField("spacecraft", batch.spacecraft());
            out.writeStringField("channel", batch.channel());
            out.writeStringField("split", batch.split() == null ? null : batch.split().wireName());
            out.writeNumberField("threshold", batch.threshold());
            out.writeArrayFieldStart("points");
            for (int i = 0; i < batch.size(); i++) {
                out.writeStartArray();
                out.writeNumber(batch.indices()[i]);
                out.writeNumber(batch.times()[i]);
                out.writeNumber(batch.values()[i]);
                out.writeNumber(batch.scores()[i]);
                out.writeEndArray();
            }
            out.writeEndArray();
            out.writeEndObject();
        }
    }
}

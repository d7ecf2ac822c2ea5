package space.telemetry.contract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/** Streaming reader of a {@code telemetry.scores} value into {@link ScoreBatch}'s primitive arrays. */
final class ScoreReader {
    private ScoreReader() {
    }

    static ScoreBatch read(JsonParser in) throws IOException {
        expect(in.nextToken() == JsonToken.START_OBJECT, "the value must be a JSON object");
        String spacecraft = null;
        String channel = null;
        String split = null;
        boolean splitSeen = false;
        Double threshold = null;
        Points points = null;
        for (JsonToken token = in.nextToken(); token != JsonToken.END_OBJECT; token = in.nextToken()) {
            String field = in.currentName();
            JsonToken content = in.nextToken();
            switch (field) {
                case "spacecraft" -> spacecraft = text(in, content, field);
                case "channel" -> channel = text(in, content, field);
                case "split" -> {
                    split = text(in, content, field);
                    splitSeen = true;
                }
                case "threshold" -> threshold = number(in, content, field);
                case "points" -> points = points(in, content);
                default -> in.skipChildren();
            }
        }
        expect(in.nextToken() == null, "trailing content after the object");
        expect(spacecraft != null, "spacecraft is missing");
        expect(channel != null, "channel is missing");
        expect(splitSeen && split != null, "split is missing");
        expect(threshold != null, "threshold is missing");
        expect(points != null, "points is missing");
        Split parsed;
        try {
            parsed = Split.fromWire(split);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException("split: " + e.getMessage());
        }
        return new ScoreBatch(spacecraft, channel, parsed, threshold, Arrays.copyOf(points.indices, points.size),
                Arrays.copyOf(points.times, points.size), Arrays.copyOf(points.values, points.size),
                Arrays.copyOf(points.scores, points.size));
    }

    /** Growing columns, bounded by {@link Limits#MAX_SCORE_POINTS}. */
    private static final class Points {
        int size;
        long[] indices = new long[64];
        long[] times = new long[64];
        double[] values = new double[64];
        float[] scores = new float[64];

        void add(long index, long time, double value, double score) {
            if (size == Limits.MAX_SCORE_POINTS) {
                throw new InvalidRecordException("points has more than " + Limits.MAX_SCORE_POINTS
                        + " points, at most " + Limits.MAX_SCORE_POINTS + " allowed");
            }
            if (size == indices.length) {
                int grown = Math.min(size * 2, Limits.MAX_SCORE_POINTS);
                indices = Arrays.copyOf(indices, grown);
                times = Arrays.copyOf(times, grown);
                values = Arrays.copyOf(values, grown);
                scores = Arrays.copyOf(scores, grown);
            }
            indices[size] = index;
            times[size] = time;
            values[size] = value;
            scores[size] = (float) score;
            size++;
        }
    }

    private static Points points(JsonParser in, JsonToken token) throws IOException {
        expect(token == JsonToken.START_ARRAY, "points must be an array of [index, epochMillis, value, score]");
        Points points = new Points();
        for (JsonToken item = in.nextToken(); item != JsonToken.END_ARRAY; item = in.nextToken()) {
            String at = "points[" + points.size + "]";
            expect(item == JsonToken.START_ARRAY, at + " must be an array [index, epochMillis, value, score]");
            long index = integer(in, in.nextToken(), at + " index");
            long time = integer(in, in.nextToken(), at + " epochMillis");
            double value = number(in, in.nextToken(), at + " value");
            double score = number(in, in.nextToken(), at + " score");
            expect(in.nextToken() == JsonToken.END_ARRAY, at + " must have 4 elements [index, epochMillis, value, score]");
            points.add(index, time, value, score);
        }
        return points;
    }

    private static String text(JsonParser in, JsonToken token, String field) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(token == JsonToken.VALUE_STRING, field + " must be a string");
        return in.getText();
    }

    private static double number(JsonParser in, JsonToken token, String field) throws IOException {
        expect(token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT,
                field + " must be a number");
        return in.getDoubleValue();
    }

    private static long integer(JsonParser in, JsonToken token, String field) throws IOException {
        expect(token == JsonToken.VALUE_NUMBER_INT, field + " must be an integer");
        expect(in.getNumberType() == JsonParser.NumberType.INT || in.getNumberType() == JsonParser.NumberType.LONG,
                field + " is out of range");
        return in.getLongValue();
    }

    private static void expect(boolean condition, String problem) {
        if (!condition) {
            throw new InvalidRecordException("not a valid ScoreBatch: " + problem);
        }
    }
}

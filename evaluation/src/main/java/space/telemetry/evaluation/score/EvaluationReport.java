package space.telemetry.evaluation.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders evaluation scores as Markdown and as a JSON-ready map. */
public final class EvaluationReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvaluationReport() {
    }

    /** Markdown: totals, per spacecraft, per labels row. {@code header} lines are written first, as given. */
    public static String markdown(Evaluation.Scores scores, List<String> header) {
        StringBuilder md = new StringBuilder();
        for (String line : header) {
            md.append(line).append('\n');
        }
        md.append("\n## Total and per spacecraft\n\n");
        tableHeader(md, "scope");
        md.append(row("**total**", scores.total()));
        for (Map.Entry<String, Counts> e : scores.bySpacecraft().entrySet()) {
            md.append(row(e.getKey(), e.getValue()));
        }
        md.append("\n## Per labels row\n\n");
        tableHeader(md, "channel (line)");
        for (EventScorer.RowScore r : scores.rows()) {
            md.append(row(r.row().chanId() + " (" + r.row().line() + ")", r.counts()));
        }
        return md.toString();
    }

    private static void tableHeader(StringBuilder md, String first) {
        md.append("| ").append(first)
                .append(" | TP | FP | FN | precision | recall | F0.5 | F1 | coverage | median delay | p90 delay |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    }

    private static String row(String name, Counts c) {
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %s | %s | %s | %s | %s | %s |%n", name, c.tp(),
                c.fp(), c.fn(), fmt(c.precision()), fmt(c.recall()), fmt(c.f05()), fmt(c.f1()), pct(c.coverage()),
                whole(c.medianDelay()), whole(c.p90Delay()));
    }

    /** One line summary of counts. */
    public static String summary(Counts c) {
        return String.format(Locale.ROOT,
                "TP %d FP %d FN %d  precision %s recall %s F0.5 %s F1 %s  coverage %s  delay median %s p90 %s", c.tp(),
                c.fp(), c.fn(), fmt(c.precision()), fmt(c.recall()), fmt(c.f05()), fmt(c.f1()), pct(c.coverage()),
                whole(c.medianDelay()), whole(c.p90Delay()));
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    static String whole(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    /** The same content as a JSON document. */
    public static String json(Evaluation.Scores scores, Map<String, Object> meta) {
        Map<String, Object> root = new LinkedHashMap<>(meta);
        root.put("total", counts(scores.total()));
        Map<String, Object> craft = new LinkedHashMap<>();
        scores.bySpacecraft().forEach((k, v) -> craft.put(k, counts(v)));
        root.put("spacecraft", craft);
        List<Object> rows = new ArrayList<>();
        for (EventScorer.RowScore r : scores.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("chan_id", r.row().chanId());
            m.put("line", r.row().line());
            m.put("spacecraft", r.row().spacecraft());
            m.putAll(counts(r.counts()));
            rows.add(m);
        }
        root.put("rows", rows);
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> counts(Counts c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tp", c.tp());
        m.put("fp", c.fp());
        m.put("fn", c.fn());
        m.put("precision", nullIfNaN(c.precision()));
        m.put("recall", nullIfNaN(c.recall()));
        m.put("f05", nullIfNaN(c.f05()));
        m.put("f1", nullIfNaN(c.f1()));
        m.put("flagged_points", c.flagged());
        m.put("test_points", c.points());
        m.put("coverage", nullIfNaN(c.coverage()));
        m.put("median_delay", nullIfNaN(c.medianDelay()));
        m.put("p90_delay", nullIfNaN(c.p90Delay()));
        return m;
    }

    private static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }
}

package space.telemetry.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Grafana operations board (infra/grafana/dashboards/operations.json): its panels' queries. */
final class Board {
    static final Path FILE = Repo.ROOT.resolve("infra/grafana/dashboards/operations.json");

    /** One query of one panel (or of a dashboard variable, then {@code panel} is "variable NAME"). */
    record Query(String panel, String datasourceUid, String text) {
    }

    static String panelTitle(Query query) {
        return query.panel();
    }

    /** PromQL words that are not metric names. */
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "and", "or", "unless", "offset", "bool", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private Board() {
    }

    static JsonNode read() {
        try {
            return new ObjectMapper().readTree(FILE.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel's targets (rows' nested panels included), every query variable and every SQL annotation. */
    static List<Query> queries(JsonNode board) {
        List<Query> queries = new ArrayList<>();
        collect(board.path("panels"), queries);
        for (JsonNode variable : board.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                JsonNode query = variable.path("query");
                String text = query.isTextual() ? query.asText() : query.path("rawSql").asText(query.path("query").asText());
                queries.add(new Query("variable " + variable.path("name").asText(),
                        variable.path("datasource").path("uid").asText(), text));
            }
        }
        for (JsonNode annotation : board.path("annotations").path("list")) {
            if (annotation.path("target").has("rawSql")) {
                queries.add(new Query("annotation " + annotation.path("name").asText(),
                        annotation.path("datasource").path("uid").asText(),
                        annotation.path("target").path("rawSql").asText()));
            }
        }
        return queries;
    }

    private static void collect(JsonNode panels, List<Query> queries) {
        for (JsonNode panel : panels) {
            collect(panel.path("panels"), queries);
            String panelUid = panel.path("datasource").path("uid").asText();
            for (JsonNode target : panel.path("targets")) {
                String uid = target.path("datasource").path("uid").asText(panelUid);
                String text = target.has("rawSql") ? target.path("rawSql").asText() : target.path("expr").asText();
                queries.add(new Query(panel.path("title").asText(), uid, text));
            }
        }
    }

    /** The metric names a PromQL expression reads. */
    static Set<String> metricNames(String promql) {
        String stripped = promql
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ")          // strings (label values)
                .replaceAll("\\{[^}]*}", " ")                         // label matchers
                .replaceAll("\\[[^]]*]", " ")                         // ranges
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ") // label lists
                .replaceAll("\\$\\{?\\w+}?", " ");                    // Grafana variables
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = IDENTIFIER.matcher(stripped);
        while (matcher.find()) {
            String word = matcher.group();
            boolean isFunction = stripped.substring(matcher.end()).matches("(?s)\\s*\\(.*");
            boolean isNumber = matcher.start() > 0 && Character.isDigit(stripped.charAt(matcher.start() - 1));
            if (!isFunction && !isNumber && !PROMQL_WORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }
}

package space.telemetry.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** The fault suite's result table: one row per case, rendered as Markdown; a failing case never stops the others. */
final class FaultTable {
    /** What a case saw; {@code lost} and {@code doubled} are "-" for cases that are not about rows. */
    record Outcome(boolean passed, String observed, String lost, String doubled) {
        static Outcome of(boolean passed, String observed) {
            return new Outcome(passed, observed, "-", "-");
        }

        static Outcome rows(boolean passed, String observed, EventRows.Diff diff) {
            return new Outcome(passed && diff.equal(), observed + (diff.equal() ? "" : "; rows: " + diff.detail()),
                    Integer.toString(diff.lost()), Integer.toString(diff.doubled()));
        }
    }

    /** One case and its outcome. */
    record Row(String name, String expected, Outcome outcome) {
    }

    private final List<Row> rows = new ArrayList<>();

    /** Runs a case and records its row; an exception is the case's failure, not the suite's. */
    void run(String name, String expected, Callable<Outcome> test) {
        long started = System.nanoTime();
        Outcome outcome;
        try {
            outcome = test.call();
        } catch (Exception | AssertionError e) {
            outcome = Outcome.of(false, "error: " + e);
        }
        rows.add(new Row(name, expected, outcome));
        System.out.printf("fault case '%s' %s after %.0f s: %s%n", name, outcome.passed() ? "passed" : "FAILED",
                (System.nanoTime() - started) / 1e9, outcome.observed());
    }

    List<String> failures() {
        return rows.stream().filter(row -> !row.outcome().passed())
                .map(row -> row.name() + ": " + row.outcome().observed()).toList();
    }

    String render() {
        StringBuilder text = new StringBuilder("| case | expected | observed | rows lost | rows doubled |\n")
                .append("| --- | --- | --- | --- | --- |\n");
        for (Row row : rows) {
            Outcome outcome = row.outcome();
            text.append("| ").append(cell(row.name())).append(" | ").append(cell(row.expected())).append(" | ")
                    .append(outcome.passed() ? "PASS: " : "FAIL: ").append(cell(outcome.observed())).append(" | ")
                    .append(outcome.lost()).append(" | ").append(outcome.doubled()).append(" |\n");
        }
        return text.toString();
    }

    void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "# Fault suite\n\n" + render());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cell(String text) {
        String flat = text.replace("|", "\\|").replaceAll("\\s+", " ");
        return flat.length() > 600 ? flat.substring(0, 600) + "..." : flat;
    }
}

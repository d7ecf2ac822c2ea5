package space.telemetry.benchmark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A Kafka producer client's own batch figures: why two producers of the same records cost the broker differently. */
final class ProducerMetrics {
    /** The client metrics read (group {@code producer-metrics}), by their Kafka names. */
    static final List<String> NAMES = List.of("batch-size-avg", "records-per-request-avg", "compression-rate-avg",
            "record-queue-time-avg", "request-latency-avg", "request-total");
    /** Micrometer's Kafka binder's prefix for them in a Prometheus exposition. */
    private static final String PROMETHEUS_PREFIX = "kafka_producer_";
    /** Their prefix in ProducerPerformance's {@code --print-metrics} table. */
    private static final String TOOL_PREFIX = "producer-metrics:";

    private ProducerMetrics() {
    }

    /**
     * From a service's Prometheus exposition: the first series of each name, so a service with one producer (the
     * replay's {@code telemetry-raw}).
     */
    static Map<String, Double> fromExposition(String exposition) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        String[] lines = exposition.split("\n");
        for (String name : NAMES) {
            String series = PROMETHEUS_PREFIX + name.replace('-', '_');
            for (String line : lines) {
                if (line.startsWith(series + "{") || line.startsWith(series + " ")) {
                    metrics.put(name, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
                    break;
                }
            }
        }
        return metrics;
    }

    /** From ProducerPerformance's {@code --print-metrics} table ("producer-metrics:NAME:{client-id=..} : VALUE"). */
    static Map<String, Double> fromToolOutput(List<String> lines) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String name : NAMES) {
            String prefix = TOOL_PREFIX + name + ":";
            lines.stream().filter(line -> line.startsWith(prefix) && line.contains(" : ")).findFirst()
                    .ifPresent(line -> metrics.put(name, Double.parseDouble(
                            line.substring(line.lastIndexOf(" : ") + 3).trim())));
        }
        return metrics;
    }

    /** "batch-size-avg 12,345, records-per-request-avg 1,234, ..." for the printed table. */
    static String describe(Map<String, Double> metrics) {
        StringBuilder text = new StringBuilder();
        metrics.forEach((name, value) -> text.append(text.isEmpty() ? "" : ", ").append(name).append(' ')
                .append(String.format(Locale.ROOT, value >= 100 ? "%,.0f" : "%.2f", value)));
        return text.toString();
    }
}

package space.telemetry.benchmark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Kafka producer client's own batch figures (the {@code producer-metrics} group): how many records each batch and
 * request carried, how well they compressed, how long they waited. They say why two producers that send the same
 * records cost the broker differently.
 */
final class ProducerMetrics {
    /** The client metrics read, by their Kafka names. */
    static final List<String> NAMES = List.of("batch-size-avg", "records-per-request-avg", "compression-rate-avg",
            "record-queue-time-avg", "request-latency-avg", "request-total");

    private ProducerMetrics() {
    }

    /** From a service's Prometheus exposition, where Micrometer's Kafka binder names them kafka_producer_*. */
    static Map<String, Double> fromExposition(String exposition) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String name : NAMES) {
            String series = "kafka_producer_" + name.replace('-', '_');
            for (String line : exposition.split("\n")) {
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
            String prefix = "producer-metrics:" + name + ":";
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

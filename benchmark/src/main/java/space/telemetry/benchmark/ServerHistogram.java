package space.telemetry.benchmark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's own latency histogram read from its Prometheus exposition (buckets summed over label sets), and its
 * percentiles interpolated within buckets the way PromQL's {@code histogram_quantile} does.
 */
record ServerHistogram(String metric, TreeMap<Double, Double> cumulative) {
    private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

    /** The histogram of {@code metric} scraped from a service's {@code /q/metrics}. */
    static ServerHistogram scrape(String managementUrl, String metric) {
        return parse(metric, Prometheus.scrape(managementUrl));
    }

    /** The histogram of {@code metric} (its {@code _bucket} series, in seconds) in an exposition text. */
    static ServerHistogram parse(String metric, String exposition) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        String prefix = metric + "_bucket{";
        for (String line : exposition.split("\n")) {
            if (!line.startsWith(prefix)) {
                continue;
            }
            Matcher le = LE.matcher(line);
            if (!le.find()) {
                continue;
            }
            double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
            double count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            buckets.merge(bound, count, Double::sum);
        }
        return new ServerHistogram(metric, buckets);
    }

    double count() {
        return cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
    }

    /** The {@code q} quantile (0-1) in milliseconds; NaN without observations. */
    double quantileMs(double q) {
        double total = count();
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lower = 0;
        double below = 0;
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return lower * 1000; // as histogram_quantile: the highest finite bound
                }
                double inBucket = bucket.getValue() - below;
                double share = inBucket == 0 ? 1 : (rank - below) / inBucket;
                return (lower + (bucket.getKey() - lower) * share) * 1000;
            }
            lower = bucket.getKey();
            below = bucket.getValue();
        }
        return lower * 1000;
    }

    /** Count, p50 and p99 (ms) for the report. */
    Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("metric", metric);
        summary.put("count", (long) count());
        summary.put("p50", quantileMs(0.5));
        summary.put("p99", quantileMs(0.99));
        return summary;
    }
}

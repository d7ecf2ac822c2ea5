package space.telemetry.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A flight recording's CPU samples ({@code jdk.ExecutionSample}: threads running Java code) summed up: the methods
 * on top of the stack (self time), and every method anywhere on the stack (total time), each as a share of the
 * samples.
 */
record HotMethods(long samples, Map<String, Long> self, Map<String, Long> total) {

    static HotMethods read(Path recording) {
        Map<String, Long> self = new TreeMap<>();
        Map<String, Long> total = new TreeMap<>();
        long samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                RecordedStackTrace stack = event.getStackTrace();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || stack == null
                        || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = stack.getFrames();
                self.merge(name(frames.get(0).getMethod()), 1L, Long::sum);
                Set<String> seen = new HashSet<>(); // recursion counts once
                for (RecordedFrame frame : frames) {
                    String method = name(frame.getMethod());
                    if (seen.add(method)) {
                        total.merge(method, 1L, Long::sum);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + recording, e);
        }
        return new HotMethods(samples, self, total);
    }

    private static String name(RecordedMethod method) {
        String type = method.getType().getName();
        return type + "." + method.getName();
    }

    /** The {@code limit} largest entries, as shares of the samples (percent), largest first. */
    Map<String, Double> top(Map<String, Long> counts, int limit) {
        return top(counts, limit, Function.identity());
    }

    /** As {@link #top(Map, int)} after mapping each method to a group (e.g. its package), summing the groups. */
    Map<String, Double> top(Map<String, Long> counts, int limit, Function<String, String> group) {
        Map<String, Long> grouped = counts.entrySet().stream().collect(Collectors.toMap(
                e -> group.apply(e.getKey()), Map.Entry::getValue, Long::sum));
        Map<String, Double> shares = new LinkedHashMap<>();
        grouped.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .forEach(e -> shares.put(e.getKey(), 100.0 * e.getValue() / Math.max(1, samples)));
        return shares;
    }

    /** The package of a method name {@code a.b.Type.method}. */
    static String packageOf(String method) {
        String type = method.substring(0, method.lastIndexOf('.'));
        int dot = type.lastIndexOf('.');
        return dot < 0 ? type : type.substring(0, dot);
    }
}

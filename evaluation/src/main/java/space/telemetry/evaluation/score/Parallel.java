package space.telemetry.evaluation.score;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Runs one task per item on a fixed thread pool, in the items' order, and collects the results by key. */
public final class Parallel {

    private Parallel() {
    }

    /**
     * The task's result for every item, by the item's key (sorted).
     *
     * @throws IllegalStateException when a task fails (with its cause) or the thread is interrupted
     */
    public static <T, R> Map<String, R> map(List<? extends T> items, Function<T, String> key, Function<T, R> task,
            int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            Map<String, Future<R>> futures = new LinkedHashMap<>();
            for (T item : items) {
                futures.put(key.apply(item), pool.submit(() -> task.apply(item)));
            }
            Map<String, R> results = new TreeMap<>();
            for (Map.Entry<String, Future<R>> e : futures.entrySet()) {
                results.put(e.getKey(), e.getValue().get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("detection failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}

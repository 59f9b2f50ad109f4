package dev.go4j.examples.cache;

import dev.go4j.patterns.cache.Cache;
import dev.go4j.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cache page in one program, on a {@link ManualClock}: a default and a per-entry time to live,
 * expiry exactly at the deadline, {@code getOrLoad} loading once and caching, a failed load cached for
 * nobody, and {@code delete}.
 *
 * <p>Go twin: {@code Example_cache} in {@code go/cache/example_test.go}; both print the same lines.
 */
public final class CacheExample {

    private CacheExample() {}

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws InterruptedException if interrupted while waiting for a load
     * @throws ExecutionException if the first load fails (it does not)
     */
    public static void main(String[] args) throws InterruptedException, ExecutionException {
        ManualClock clock = new ManualClock();
        try (Cache<String, String> c = Cache.builder().defaultTtl(Duration.ofMinutes(1)).clock(clock).build()) {
            c.set("session:1", "alice"); // the default time to live: a minute
            c.set("session:2", "bob", Duration.ofSeconds(10)); // its own: ten seconds
            String v = c.get("session:2");
            System.out.println("session:2: " + v + " " + (v != null));
            clock.advance(Duration.ofSeconds(10)); // exactly the deadline: expired
            System.out.println("session:2 after 10s: " + (c.get("session:2") != null));
            v = c.get("session:1");
            System.out.println("session:1 after 10s: " + v + " " + (v != null));

            AtomicInteger loads = new AtomicInteger();
            Callable<String> load = () -> {
                loads.incrementAndGet();
                return "carol";
            };
            c.getOrLoad("user:3", load);
            v = c.getOrLoad("user:3", load); // cached by the first call: no second load
            System.out.println("user:3: " + v + " loads: " + loads.get());

            try {
                c.getOrLoad("user:4", () -> {
                    throw new IOException("db down");
                });
                System.out.println("user:4 load: <nil>");
            } catch (ExecutionException e) {
                System.out.println("user:4 load: " + e.getCause().getMessage());
            }
            System.out.println("user:4 cached: " + (c.get("user:4") != null));

            System.out.println("delete session:1: " + c.delete("session:1") + " again: " + c.delete("session:1"));
        }
    }
}

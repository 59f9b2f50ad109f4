package dev.go4j.patterns.ratelimit;

import dev.go4j.patterns.ratelimit.KeyedRateLimiterBenchmark.Impl;
import dev.go4j.patterns.ratelimit.KeyedLimiters.PerKey;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jol.info.GraphLayout;

/**
 * Retained heap after a flood: {@value #FLOOD} distinct keys through each per-key limiter set of
 * {@link KeyedRateLimiterBenchmark} (capped at {@value #MAX_KEYS} keys where it can be), then the keys
 * it still holds and the bytes reachable from it (JOL's {@link GraphLayout#totalSize()}: entries,
 * keys, limiters and tables). The unbounded map holds every key; the capped ones stay flat.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.go4j.patterns.ratelimit.KeyedRateLimiterFootprint}.
 */
public final class KeyedRateLimiterFootprint {

    /** Distinct keys sent through each set. */
    public static final int FLOOD = 1_000_000;
    /** The cap of the bounded sets. */
    public static final int MAX_KEYS = 10_000;

    static {
        if (System.getProperty("jdk.attach.allowAttachSelf") == null) {
            System.setProperty("jol.skipDynamicAttach", "true");
        }
        // Caffeine holds lambdas (hidden classes), whose field offsets Unsafe refuses: JOL then
        // finds them by probing ("magic" offsets), which is exact on HotSpot.
        if (System.getProperty("jol.magicFieldOffset") == null) {
            System.setProperty("jol.magicFieldOffset", "true");
        }
    }

    /**
     * One measured set.
     *
     * @param implementation the name used in the benchmark's {@code impl} parameter
     * @param keys the keys it holds after the flood
     * @param bytes the heap reachable from it after the flood
     */
    public record Row(String implementation, long keys, long bytes) {}

    private KeyedRateLimiterFootprint() {}

    /** Floods every implementation and measures it; go4j first. */
    public static List<Row> measure() {
        String[] keys = KeyedLimiters.addresses(FLOOD);
        List<Row> rows = new ArrayList<>();
        for (Impl impl : Impl.values()) {
            PerKey set = KeyedLimiters.create(impl, MAX_KEYS, Runnable::run);
            for (String key : keys) {
                set.tryAcquire(key);
            }
            long held = set.keys();
            rows.add(new Row(impl.name(), held, GraphLayout.parseInstance(set.root()).totalSize()));
        }
        return rows;
    }

    /**
     * Prints the table.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.printf("%,d distinct keys, cap %,d%n", FLOOD, MAX_KEYS);
        System.out.printf("%-18s %10s %14s %10s%n", "implementation", "keys", "retained bytes", "per key");
        for (Row r : measure()) {
            System.out.printf("%-18s %,10d %,14d %,10d%n", r.implementation(), r.keys(), r.bytes(),
                    r.keys() == 0 ? 0 : r.bytes() / r.keys());
        }
    }
}

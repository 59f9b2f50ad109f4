package dev.go4j.patterns.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.common.cache.CacheBuilder;
import dev.go4j.benchmarks.Baseline;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reads and writes of a TTL cache from 2 threads, with Zipf-distributed keys (exponent 0.99, as YCSB):
 * a few hot keys take most of the traffic, as in real caches. The cache holds all {@value #KEYS} keys
 * (prepopulated, time to live one hour, no size bound), so every read is a hit: this measures the cost
 * of a hit and of an overwrite, not a hit ratio. {@code workload} is the mix: 100 % reads, 90 % reads
 * and 10 % writes, 50 / 50; every thread walks its own stretch of one precomputed key stream.
 *
 * <p>Compared ({@code impl}): go4j's idiomatic {@link ConcurrentTtlCache} ({@code GO4J}, the baseline of
 * the ratios), the literal Go port {@link RWMutexCache} ({@code GO4J_RWMUTEX}); Caffeine and Guava with
 * {@code expireAfterWrite}; and a plain {@link ConcurrentHashMap} with no expiry at all — the ceiling
 * no TTL cache can beat. Every read checks that it hit, so a cache that loses entries fails the run.
 * The Go twin is {@code BenchmarkCacheReadWrite} in {@code go/cache}.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.go4j.benchmarks.Comparison -full
 * CacheReadWriteBenchmark}, or {@code ./mvnw -Pjmh -Djmh.args="CacheReadWriteBenchmark"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@Threads(2)
@State(Scope.Benchmark)
public class CacheReadWriteBenchmark {

    /** Keys in the cache, all present. */
    static final int KEYS = 1 << 16;
    /** Length of the precomputed key stream (a power of two). */
    static final int STREAM = 1 << 20;

    /** The cache under test. */
    public enum Impl { @Baseline GO4J, GO4J_RWMUTEX, CAFFEINE, GUAVA, CHM_NO_EXPIRY }

    /** The read / write mix. */
    public enum Workload {
        /** Only reads. */
        READ_100(0),
        /** One write in ten. */
        READ_90_WRITE_10(10),
        /** One write in two. */
        READ_50_WRITE_50(2);

        /** Every {@code writeEvery}-th operation is a write; 0: none. */
        final int writeEvery;

        Workload(int writeEvery) {
            this.writeEvery = writeEvery;
        }
    }

    /** What the benchmark calls: one adapter per implementation, so the call site stays monomorphic in a fork. */
    interface Store {
        Integer get(Integer key);

        void put(Integer key, Integer value);

        default void close() {}
    }

    @Param
    public Impl impl;

    @Param
    public Workload workload;

    Store store;
    Integer[] keys;
    int[] stream;

    @Setup
    public void setUp() {
        keys = new Integer[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = i; // boxed once: the benchmark allocates no keys
        }
        stream = ZipfKeys.sample(KEYS, 0.99, STREAM, 42);
        store = create(impl);
        for (Integer k : keys) {
            store.put(k, k);
        }
        for (Integer k : keys) {
            if (!k.equals(store.get(k))) {
                throw new IllegalStateException(impl + " lost key " + k + " right after populating");
            }
        }
    }

    @TearDown
    public void tearDown() {
        store.close();
    }

    static Store create(Impl impl) {
        Duration ttl = Duration.ofHours(1);
        return switch (impl) {
            case GO4J -> go4j(Cache.builder().defaultTtl(ttl).build());
            case GO4J_RWMUTEX -> go4j(Cache.builder().defaultTtl(ttl).buildRWMutex());
            case CAFFEINE -> {
                com.github.benmanes.caffeine.cache.Cache<Integer, Integer> c =
                        Caffeine.newBuilder().expireAfterWrite(ttl).build();
                yield new Store() {
                    public Integer get(Integer key) {
                        return c.getIfPresent(key);
                    }

                    public void put(Integer key, Integer value) {
                        c.put(key, value);
                    }
                };
            }
            case GUAVA -> {
                com.google.common.cache.Cache<Integer, Integer> c =
                        CacheBuilder.newBuilder().expireAfterWrite(ttl).build();
                yield new Store() {
                    public Integer get(Integer key) {
                        return c.getIfPresent(key);
                    }

                    public void put(Integer key, Integer value) {
                        c.put(key, value);
                    }
                };
            }
            case CHM_NO_EXPIRY -> {
                ConcurrentHashMap<Integer, Integer> m = new ConcurrentHashMap<>();
                yield new Store() {
                    public Integer get(Integer key) {
                        return m.get(key);
                    }

                    public void put(Integer key, Integer value) {
                        m.put(key, value);
                    }
                };
            }
        };
    }

    private static Store go4j(Cache<Integer, Integer> c) {
        return new Store() {
            public Integer get(Integer key) {
                return c.get(key);
            }

            public void put(Integer key, Integer value) {
                c.set(key, value);
            }

            public void close() {
                c.close();
            }
        };
    }

    /** Each thread's place in the key stream, and its operation count (which decides read or write). */
    @State(Scope.Thread)
    public static class Cursor {
        int index;
        int op;

        @Setup(Level.Trial)
        public void setUp() {
            index = ThreadLocalRandom.current().nextInt(STREAM); // threads walk different stretches
        }
    }

    @Benchmark
    public Integer readWrite(Cursor cursor) {
        Integer key = keys[stream[cursor.index++ & (STREAM - 1)]];
        int every = workload.writeEvery;
        if (every != 0 && ++cursor.op == every) {
            cursor.op = 0;
            store.put(key, key);
            return key;
        }
        Integer v = store.get(key);
        if (v == null) {
            throw new IllegalStateException(impl + ": a read missed; every key is present");
        }
        return v;
    }
}

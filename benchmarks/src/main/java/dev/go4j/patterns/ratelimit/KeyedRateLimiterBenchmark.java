package dev.go4j.patterns.ratelimit;

import dev.go4j.benchmarks.Baseline;
import dev.go4j.patterns.ratelimit.KeyedLimiters.PerKey;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * A flood of distinct keys: 4 threads call {@code tryAcquire(key)} on a per-key limiter, each call
 * with the next of {@value #DISTINCT} distinct client addresses (cycling), through a set capped at
 * {@value #MAX_KEYS} keys — the spoofed-source flood that makes Go's {@code map[string]*rate.Limiter}
 * grow. Every call for a new key makes a limiter and, at the cap, evicts one.
 *
 * <p>Compared ({@link Impl}): go4j's {@link KeyedRateLimiter} (hard cap, sampled LRU),
 * a naive unbounded {@code ConcurrentHashMap.computeIfAbsent} (fast, but it holds every key it has
 * seen: see {@link KeyedRateLimiterFootprint} for the heap), and Caffeine bounded to the same size
 * holding go4j limiters or Bucket4j buckets (the usual Java answer). The tear-down checks that every
 * bounded set holds at most {@value #MAX_KEYS} keys.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.go4j.benchmarks.Comparison
 * KeyedRateLimiterBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = "-Xmx2g")
@Threads(4)
@State(Scope.Benchmark)
public class KeyedRateLimiterBenchmark {

    /** Distinct keys in the flood. */
    static final int DISTINCT = 1_000_000;
    /** The cap of the bounded sets. */
    static final int MAX_KEYS = 10_000;

    /** The per-key limiter sets compared; {@code GO4J} is the baseline. */
    public enum Impl { @Baseline GO4J, CHM_UNBOUNDED, CAFFEINE_BOUNDED, CAFFEINE_BUCKET4J }

    @Param
    public Impl impl;

    String[] keys;
    PerKey limiters;
    private final AtomicInteger threads = new AtomicInteger();

    @Setup(Level.Trial)
    public void setUp() {
        keys = KeyedLimiters.addresses(DISTINCT);
        limiters = KeyedLimiters.create(impl, MAX_KEYS, null);
    }

    /** Each thread's place in the flood: the threads start a quarter apart. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        @Setup(Level.Trial)
        public void setUp(KeyedRateLimiterBenchmark b) {
            next = b.threads.getAndIncrement() * (DISTINCT / 4) % DISTINCT;
        }
    }

    @Benchmark
    public boolean floodOfDistinctKeys(Cursor c) {
        String key = keys[c.next];
        if (++c.next == DISTINCT) {
            c.next = 0;
        }
        return limiters.tryAcquire(key);
    }

    @TearDown(Level.Trial)
    public void checkTheCap() {
        long held = limiters.keys();
        if (impl != Impl.CHM_UNBOUNDED && held > MAX_KEYS) {
            throw new IllegalStateException(impl + " holds " + held + " keys, more than its cap " + MAX_KEYS);
        }
    }
}

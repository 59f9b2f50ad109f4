package dev.go4j.singleflight;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.go4j.benchmarks.Baseline;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Deduplicated loads under contention: 4 threads each call for a random one of {@code keys} keys, and a
 * load costs a few microseconds of CPU, so callers for the same key overlap and share — Go's
 * {@code g.Do(key, load)} in a hot cache-miss path. Nothing is cached: a completed load is forgotten,
 * as singleflight does.
 *
 * <p>Compared: go4j's {@link SingleFlight#doCall}; Caffeine's {@link AsyncCache} used for
 * deduplication ({@code get(key, load)} shares the in-flight future, and the caller removes the entry
 * when it completes, so the cache does not cache); the JDK idiom, a {@link ConcurrentHashMap} of
 * {@link CompletableFuture}s where the caller that installs the future runs the load; and no
 * deduplication at all (every caller loads). The Go twin is {@code BenchmarkSingleFlight} in
 * {@code go/singleflight}.
 *
 * <p>Run: {@code ./mvnw -Pjmh -Djmh.args="SingleFlightBenchmark"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@Threads(4)
@State(Scope.Benchmark)
public class SingleFlightBenchmark {

    /** The deduplication under test. */
    public enum Impl { @Baseline SINGLE_FLIGHT, CAFFEINE_ASYNC_CACHE, CHM_FUTURE, NO_DEDUP }

    /** CPU work per load for {@link Blackhole#consumeCPU}: a few microseconds. */
    static final long LOAD = 1024;

    @Param
    public Impl impl;

    @Param({"1", "16"})
    public int keys;

    private SingleFlight<Integer, Long> group;
    private AsyncCache<Integer, Long> cache;
    private ConcurrentHashMap<Integer, CompletableFuture<Long>> futures;

    @Setup
    public void setUp() {
        group = new SingleFlight<>();
        cache = Caffeine.newBuilder().executor(Runnable::run).buildAsync();
        futures = new ConcurrentHashMap<>();
    }

    private static Long load(Integer key) {
        Blackhole.consumeCPU(LOAD);
        return (long) key;
    }

    @Benchmark
    public Long call() throws ExecutionException, InterruptedException {
        Integer key = ThreadLocalRandom.current().nextInt(keys);
        return switch (impl) {
            case SINGLE_FLIGHT -> group.doCall(key, () -> load(key)).value();
            case CAFFEINE_ASYNC_CACHE -> {
                // With a direct executor the load runs in the caller inside Caffeine's compute, so
                // callers for the same key wait on the map's bin and then share the future; the first
                // to finish removes it, so nothing stays cached.
                CompletableFuture<Long> f = cache.get(key, (k, executor) -> CompletableFuture.supplyAsync(() -> load(k), executor));
                Long v = f.get();
                cache.asMap().remove(key, f);
                yield v;
            }
            case CHM_FUTURE -> {
                CompletableFuture<Long> mine = new CompletableFuture<>();
                CompletableFuture<Long> f = futures.putIfAbsent(key, mine);
                if (f == null) {
                    // Remove before completing, as singleflight does: completing first would let
                    // callers find the finished future and turn the dedup into a short-lived cache.
                    Long v = null;
                    Throwable failure = null;
                    try {
                        v = load(key);
                    } catch (Throwable t) {
                        failure = t;
                    }
                    futures.remove(key, mine);
                    if (failure != null) {
                        mine.completeExceptionally(failure);
                    } else {
                        mine.complete(v);
                    }
                    f = mine;
                }
                yield f.get();
            }
            case NO_DEDUP -> load(key);
        };
    }
}

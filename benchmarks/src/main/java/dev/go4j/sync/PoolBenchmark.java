package dev.go4j.sync;

import dev.go4j.benchmarks.Baseline;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Get a scratch buffer, use it, give it back — Go's {@code buf := pool.Get().([]byte); ...;
 * pool.Put(buf)} — on long-lived (platform) threads.
 *
 * <p>Compared: go4j's {@link Pool}; plain allocation ({@code new byte[size]}, which the JVM zeroes);
 * and a {@link ThreadLocal} cache (one buffer per thread, never returned). "Use" writes the first and
 * last byte and hands the buffer to a {@link Blackhole}, so the allocation cannot be optimized away.
 * The size decides the answer: zeroing grows with it, a pool's CAS pair does not. Run with
 * {@code -prof gc} to see the allocation rate and with {@code -t 4} for contention. The Go twin is
 * {@code BenchmarkPool} in {@code go/sync}; {@link PoolPerTaskBenchmark} is the virtual-thread shape.
 *
 * <p>Run: {@code ./mvnw -Pjmh -Djmh.args="PoolBenchmark -prof gc"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class PoolBenchmark {

    /** How the buffer is obtained. */
    public enum Impl { @Baseline POOL, ALLOCATE, THREAD_LOCAL }

    @Param
    public Impl impl;

    /** Buffer size in bytes: a small object, a page, a large I/O buffer. */
    @Param({"64", "4096", "65536"})
    public int size;

    private Pool<byte[]> pool;
    private ThreadLocal<byte[]> local;

    @Setup
    public void setUp() {
        int n = size;
        pool = new Pool<>(() -> new byte[n]);
        local = ThreadLocal.withInitial(() -> new byte[n]);
    }

    @Benchmark
    public void getUsePut(Blackhole bh) {
        switch (impl) {
            case POOL -> {
                byte[] buf = pool.get();
                use(buf, bh);
                pool.put(buf);
            }
            case ALLOCATE -> use(new byte[size], bh);
            case THREAD_LOCAL -> use(local.get(), bh);
        }
    }

    static void use(byte[] buf, Blackhole bh) {
        buf[0] = 1;
        buf[buf.length - 1] = 1;
        bh.consume(buf);
    }
}

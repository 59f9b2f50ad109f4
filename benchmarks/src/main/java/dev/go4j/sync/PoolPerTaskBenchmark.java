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

/**
 * One virtual thread per task, each needing a scratch buffer — a request handler on virtual threads.
 * Each operation starts {@code tasks} virtual threads that get, use and give back a buffer, and waits
 * for them.
 *
 * <p>Compared as in {@link PoolBenchmark}: go4j's {@link Pool}, plain allocation, and a
 * {@link ThreadLocal} cache — which cannot help here: every virtual thread starts with an empty cache,
 * so it allocates on every task (and would keep the buffer for the thread's life). Thread start and the
 * wait are the same for all three; the difference is the buffer.
 *
 * <p>Run: {@code ./mvnw -Pjmh -Djmh.args="PoolPerTaskBenchmark -prof gc"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class PoolPerTaskBenchmark {

    /** How each task obtains its buffer. */
    public enum Impl { @Baseline POOL, ALLOCATE, THREAD_LOCAL }

    @Param
    public Impl impl;

    @Param({"4096", "65536"})
    public int size;

    @Param({"16"})
    public int tasks;

    private Pool<byte[]> pool;
    private ThreadLocal<byte[]> local;
    /** Where the tasks publish each buffer so it escapes (a Blackhole belongs to the benchmark thread). */
    private static volatile byte[] sink;

    @Setup
    public void setUp() {
        int n = size;
        pool = new Pool<>(() -> new byte[n]);
        local = ThreadLocal.withInitial(() -> new byte[n]);
    }

    @Benchmark
    public void taskPerVirtualThread() throws InterruptedException {
        WaitGroup wg = new WaitGroup();
        wg.add(tasks);
        for (int i = 0; i < tasks; i++) {
            Thread.startVirtualThread(() -> {
                try {
                    switch (impl) {
                        case POOL -> {
                            byte[] buf = pool.get();
                            use(buf);
                            pool.put(buf);
                        }
                        case ALLOCATE -> use(new byte[size]);
                        case THREAD_LOCAL -> use(local.get());
                    }
                } finally {
                    wg.done();
                }
            });
        }
        wg.await();
    }

    private static void use(byte[] buf) {
        buf[0] = 1;
        buf[buf.length - 1] = 1;
        sink = buf;
    }
}

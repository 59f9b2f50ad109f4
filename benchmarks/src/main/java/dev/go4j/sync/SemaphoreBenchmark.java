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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Acquire one unit, do a little work, release it, from 4 threads sharing one semaphore of
 * {@code permits} units — Go's {@code sem.Acquire(ctx, 1); work(); sem.Release(1)}. With 1 unit every
 * call contends; with 4 the threads rarely wait.
 *
 * <p>Compared: go4j's weighted {@link Semaphore} (always FIFO), the JDK's
 * {@link java.util.concurrent.Semaphore} in fair mode (FIFO, the same guarantee) and in its default
 * non-fair mode (barging: faster, but a waiter can starve). The Go twin is {@code BenchmarkSemaphore}
 * in {@code go/sync}.
 *
 * <p>Run: {@code ./mvnw -Pjmh -Djmh.args="SemaphoreBenchmark"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@Threads(4)
@State(Scope.Benchmark)
public class SemaphoreBenchmark {

    /** The semaphore under test. */
    public enum Impl { @Baseline GO4J, JDK_FAIR, JDK_NONFAIR }

    /** CPU work while holding the unit. */
    static final long WORK = 16;

    @Param
    public Impl impl;

    @Param({"1", "4"})
    public int permits;

    private Semaphore go4j;
    private java.util.concurrent.Semaphore jdk;

    @Setup
    public void setUp() {
        go4j = new Semaphore(permits);
        jdk = new java.util.concurrent.Semaphore(permits, impl == Impl.JDK_FAIR);
    }

    @Benchmark
    public void acquireWorkRelease() throws InterruptedException {
        if (impl == Impl.GO4J) {
            go4j.acquire();
            try {
                Blackhole.consumeCPU(WORK);
            } finally {
                go4j.release();
            }
        } else {
            jdk.acquire();
            try {
                Blackhole.consumeCPU(WORK);
            } finally {
                jdk.release();
            }
        }
    }
}

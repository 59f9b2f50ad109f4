package dev.go4j.sync;

import dev.go4j.benchmarks.Baseline;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The synchronizer alone, without threads: make one, count {@code tasks} tasks in and out, and wait on
 * the zero — the uncontended fast path every fan-out pays per task (Go's {@code Add}/{@code Done} are
 * one atomic add each; go4j's one CAS each).
 *
 * <p>Compared: go4j's {@link WaitGroup}, the JDK's {@link CountDownLatch} (which cannot count up, so it
 * is made with the final count) and {@link Phaser} (register/arrive). Single-threaded by design: this is
 * the cost floor; {@link WaitGroupBenchmark} is the realistic shape.
 *
 * <p>Run: {@code ./mvnw -Pjmh -Djmh.args="WaitGroupCycleBenchmark"}; add {@code -prof gc} for allocations.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class WaitGroupCycleBenchmark {

    /** The synchronizer under test. */
    public enum Impl { @Baseline WAIT_GROUP, COUNT_DOWN_LATCH, PHASER }

    @Param
    public Impl impl;

    @Param({"1", "10"})
    public int tasks;

    @Benchmark
    public Object addDoneWait() throws InterruptedException {
        switch (impl) {
            case WAIT_GROUP -> {
                WaitGroup wg = new WaitGroup();
                for (int i = 0; i < tasks; i++) {
                    wg.add(1);
                }
                for (int i = 0; i < tasks; i++) {
                    wg.done();
                }
                wg.await();
                return wg;
            }
            case COUNT_DOWN_LATCH -> {
                CountDownLatch latch = new CountDownLatch(tasks);
                for (int i = 0; i < tasks; i++) {
                    latch.countDown();
                }
                latch.await();
                return latch;
            }
            case PHASER -> {
                Phaser phaser = new Phaser(1);
                for (int i = 0; i < tasks; i++) {
                    phaser.register();
                }
                for (int i = 0; i < tasks; i++) {
                    phaser.arriveAndDeregister();
                }
                phaser.awaitAdvanceInterruptibly(phaser.arrive());
                return phaser;
            }
            default -> throw new AssertionError(impl);
        }
    }
}

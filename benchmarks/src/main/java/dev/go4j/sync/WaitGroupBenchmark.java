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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Fan-out and wait: start {@code tasks} virtual threads that each do a little work and report done,
 * then wait for all of them — Go's {@code wg.Add(n); for ... { go f() }; wg.Wait()}.
 *
 * <p>Compared: go4j's {@link WaitGroup} (add up front, tasks started with
 * {@link Thread#startVirtualThread}), {@link WaitGroup#go} (Go 1.25's {@code wg.Go}, which also names
 * each thread), and the JDK's {@link CountDownLatch} and {@link Phaser} in the same shape. Thread start
 * dominates; the figure shows what each primitive adds on top of it. The Go twin is
 * {@code BenchmarkWaitGroup} in {@code go/sync}.
 *
 * <p>Run: {@code ./mvnw -Pjmh -Djmh.args="WaitGroupBenchmark"}; add {@code -prof gc} for allocations.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class WaitGroupBenchmark {

    /** The synchronizer under test. */
    public enum Impl { @Baseline WAIT_GROUP, WAIT_GROUP_GO, COUNT_DOWN_LATCH, PHASER }

    /** CPU work per task for {@link Blackhole#consumeCPU}: a few hundred nanoseconds. */
    static final long WORK = 64;

    @Param
    public Impl impl;

    @Param({"1", "10", "100"})
    public int tasks;

    @Benchmark
    public void fanOutThenWait() throws InterruptedException {
        switch (impl) {
            case WAIT_GROUP -> {
                WaitGroup wg = new WaitGroup();
                wg.add(tasks);
                for (int i = 0; i < tasks; i++) {
                    Thread.startVirtualThread(() -> {
                        try {
                            Blackhole.consumeCPU(WORK);
                        } finally {
                            wg.done();
                        }
                    });
                }
                wg.await();
            }
            case WAIT_GROUP_GO -> {
                WaitGroup wg = new WaitGroup();
                for (int i = 0; i < tasks; i++) {
                    wg.go(() -> Blackhole.consumeCPU(WORK));
                }
                wg.await();
            }
            case COUNT_DOWN_LATCH -> {
                CountDownLatch latch = new CountDownLatch(tasks);
                for (int i = 0; i < tasks; i++) {
                    Thread.startVirtualThread(() -> {
                        try {
                            Blackhole.consumeCPU(WORK);
                        } finally {
                            latch.countDown();
                        }
                    });
                }
                latch.await();
            }
            case PHASER -> {
                Phaser phaser = new Phaser(1 + tasks); // the waiter plus every task
                for (int i = 0; i < tasks; i++) {
                    Thread.startVirtualThread(() -> {
                        try {
                            Blackhole.consumeCPU(WORK);
                        } finally {
                            phaser.arriveAndDeregister();
                        }
                    });
                }
                phaser.awaitAdvanceInterruptibly(phaser.arrive());
            }
        }
    }
}

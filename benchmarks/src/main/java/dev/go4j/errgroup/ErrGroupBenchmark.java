package dev.go4j.errgroup;

import dev.go4j.benchmarks.Baseline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Run {@code tasks} subtasks in virtual threads and wait for all of them, failing on the first error —
 * Go's {@code g := new(errgroup.Group); for ... { g.Go(f) }; g.Wait()}. No task fails: the figure is the
 * cost of the fan-out and the join.
 *
 * <p>Compared: go4j's {@link ErrGroup}; the JDK's {@link ExecutorService#invokeAll} on a
 * virtual-thread-per-task executor (made once per trial), then {@link Future#get()} on each; and
 * {@link CompletableFuture#allOf} over {@code runAsync} on the same executor. Each task burns a few
 * hundred nanoseconds of CPU. The Go twin is {@code BenchmarkErrGroup} in {@code go/errgroup}.
 *
 * <p>Run: {@code ./mvnw -Pjmh -Djmh.args="ErrGroupBenchmark"}; add {@code -prof gc} for allocations.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class ErrGroupBenchmark {

    /** The fan-out-and-join under test. */
    public enum Impl { @Baseline ERR_GROUP, INVOKE_ALL_VIRTUAL, COMPLETABLE_FUTURE_ALL_OF }

    /** CPU work per task for {@link Blackhole#consumeCPU}: a few hundred nanoseconds. */
    static final long WORK = 64;

    @Param
    public Impl impl;

    @Param({"10", "100"})
    public int tasks;

    private ExecutorService virtualThreads;
    private List<Callable<Void>> callables;

    @Setup(Level.Trial)
    public void setUp() {
        virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
        callables = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            callables.add(() -> {
                Blackhole.consumeCPU(WORK);
                return null;
            });
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        virtualThreads.close();
    }

    @Benchmark
    public void fanOutThenWait() throws InterruptedException, ExecutionException {
        switch (impl) {
            case ERR_GROUP -> {
                ErrGroup g = new ErrGroup();
                for (int i = 0; i < tasks; i++) {
                    g.go(() -> Blackhole.consumeCPU(WORK));
                }
                g.await();
            }
            case INVOKE_ALL_VIRTUAL -> {
                for (Future<Void> f : virtualThreads.invokeAll(callables)) {
                    f.get(); // invokeAll waits; get surfaces the first failure, as await does
                }
            }
            case COMPLETABLE_FUTURE_ALL_OF -> {
                CompletableFuture<?>[] all = new CompletableFuture<?>[tasks];
                for (int i = 0; i < tasks; i++) {
                    all[i] = CompletableFuture.runAsync(() -> Blackhole.consumeCPU(WORK), virtualThreads);
                }
                CompletableFuture.allOf(all).get();
            }
        }
    }
}

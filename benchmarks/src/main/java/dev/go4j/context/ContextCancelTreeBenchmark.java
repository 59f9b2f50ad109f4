package dev.go4j.context;

import dev.go4j.benchmarks.Baseline;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
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
 * Cancelling a parent with many children: a server shutting down, or a fan-out whose caller gave up.
 * The Go twin is {@code BenchmarkContextCancelTree} in {@code go/context/context_bench_test.go}.
 *
 * <p>Workload, single-threaded: one operation builds a parent with {@code children} children, cancels
 * the parent (which must reach every child before it returns), and checks the last child is done.
 * Building is part of the operation, as in Go's own {@code BenchmarkCancelTree}; divide by
 * {@code children} for the cost per child. The implementations:
 * <ul>
 *   <li>{@code GO4J}: {@link Context#withCancel} children of a {@code withCancel} parent, then
 *       {@code parent.cancel()}.</li>
 *   <li>{@code COMPLETABLE_FUTURE}: {@code thenApply} dependents of a {@link CompletableFuture}, then
 *       {@code parent.cancel(false)}, which completes every dependent exceptionally.</li>
 * </ul>
 * Score: microseconds per tree (lower is better).
 *
 * <p>Run: {@code ./mvnw -Pjmh -Djmh.args="ContextCancelTreeBenchmark -f 3"}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class ContextCancelTreeBenchmark {

    /** The implementations; the first is the one the others are compared with. */
    public enum Impl {
        @Baseline
        GO4J {
            @Override
            Object buildAndCancel(int children) {
                CancelableContext parent = Context.withCancel(Context.background());
                CancelableContext last = null;
                for (int i = 0; i < children; i++) {
                    last = Context.withCancel(parent);
                }
                parent.cancel();
                if (last.err() == null) {
                    throw new IllegalStateException("a child was not cancelled with its parent");
                }
                return last;
            }
        },
        COMPLETABLE_FUTURE {
            @Override
            Object buildAndCancel(int children) {
                CompletableFuture<Object> parent = new CompletableFuture<>();
                CompletableFuture<Object> last = null;
                for (int i = 0; i < children; i++) {
                    last = parent.thenApply(x -> x);
                }
                parent.cancel(false);
                if (!last.isCompletedExceptionally()) {
                    throw new CancellationException("a dependent was not completed with its parent");
                }
                return last;
            }
        };

        abstract Object buildAndCancel(int children);
    }

    @Param
    public Impl impl;

    @Param({"1000", "10000"})
    public int children;

    @Benchmark
    public Object buildAndCancel() {
        return impl.buildAndCancel(children);
    }
}

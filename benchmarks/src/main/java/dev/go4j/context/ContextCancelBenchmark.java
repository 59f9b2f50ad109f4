package dev.go4j.context;

import dev.go4j.benchmarks.Baseline;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The life of a request-scoped context: derive it, then cancel it — Go's
 * {@code ctx, cancel := context.WithCancel(parent); cancel()} and the same with
 * {@code WithTimeout(parent, time.Hour)}, the timeout cancelled long before it fires (the common case:
 * the work finished in time). The Go twin is {@code BenchmarkContextCancel} in
 * {@code go/context/context_bench_test.go}; Go 1.19 took about 220 ns/op for WithCancel here.
 *
 * <p>Workload, single-threaded: one operation derives one child and cancels it, and checks that it is
 * done. {@code form}: {@code WITH_CANCEL} or {@code WITH_TIMEOUT} (one hour, on the system clock:
 * arming and releasing a real timer). {@code parent}: {@code BACKGROUND} (nothing to register with) or
 * {@code CANCELABLE} (a long-lived cancelable parent: the child registers and is removed on cancel,
 * the shape of a server's per-request contexts). The implementations:
 * <ul>
 *   <li>{@code GO4J}: {@link Context#withCancel} / {@link Context#withTimeout}, then
 *       {@link CancelableContext#cancel()}.</li>
 *   <li>{@code COMPLETABLE_FUTURE}: the JDK's nearest idiom for a cancellable unit with a timeout: a
 *       {@code CompletableFuture} (a dependent of the parent future for {@code CANCELABLE}, with
 *       {@code orTimeout(1, HOURS)} for {@code WITH_TIMEOUT}), then {@code cancel(false)}.</li>
 * </ul>
 * Score: nanoseconds per derive-and-cancel (lower is better).
 *
 * <p>Run: {@code ./mvnw -Pjmh -Djmh.args="ContextCancelBenchmark -f 3"}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class ContextCancelBenchmark {

    private static final Duration HOUR = Duration.ofHours(1);

    /** Which context is derived. */
    public enum Form { WITH_CANCEL, WITH_TIMEOUT }

    /** What the new context is derived from. */
    public enum Parent { BACKGROUND, CANCELABLE }

    /** The implementations; the first is the one the others are compared with. */
    public enum Impl {
        @Baseline
        GO4J {
            @Override
            Object deriveAndCancel(ContextCancelBenchmark b) {
                CancelableContext c = b.form == Form.WITH_CANCEL
                        ? Context.withCancel(b.parentContext)
                        : Context.withTimeout(b.parentContext, HOUR);
                c.cancel();
                if (c.err() == null) {
                    throw new IllegalStateException("a cancelled context is not done");
                }
                return c;
            }
        },
        COMPLETABLE_FUTURE {
            @Override
            Object deriveAndCancel(ContextCancelBenchmark b) {
                CompletableFuture<Object> f = b.parentFuture == null
                        ? new CompletableFuture<>()
                        : b.parentFuture.thenApply(x -> x);
                if (b.form == Form.WITH_TIMEOUT) {
                    f.orTimeout(1, TimeUnit.HOURS);
                }
                f.cancel(false);
                if (!f.isCancelled()) {
                    throw new IllegalStateException("a cancelled future is not cancelled");
                }
                return f;
            }
        };

        abstract Object deriveAndCancel(ContextCancelBenchmark b);
    }

    @Param
    public Impl impl;

    @Param
    public Form form;

    @Param
    public Parent parent;

    Context parentContext;
    CancelableContext parentCancel;
    CompletableFuture<Object> parentFuture;

    @Setup
    public void setUp() {
        if (parent == Parent.BACKGROUND) {
            parentContext = Context.background();
        } else {
            parentCancel = Context.withCancel(Context.background());
            parentContext = parentCancel;
            parentFuture = new CompletableFuture<>();
        }
    }

    @TearDown
    public void tearDown() {
        if (parentCancel != null) {
            if (((CancelCtx) parentCancel).childCount() != 0) {
                throw new IllegalStateException("cancelled children stayed registered in the parent");
            }
            parentCancel.cancel();
            parentFuture.completeExceptionally(new CancellationException());
        }
    }

    @Benchmark
    public Object deriveAndCancel() {
        return impl.deriveAndCancel(this);
    }
}

package dev.go4j.patterns.retry;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.go4j.benchmarks.Baseline;
import dev.go4j.context.Context;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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

/**
 * The overhead per call of a retry policy on the success path (the first attempt succeeds): what
 * every retried call pays while the downstream is healthy. Go twin: {@code BenchmarkRetrySuccess} in
 * {@code go/retry}.
 *
 * <p>Compared ({@code impl}):
 * <ul>
 *   <li>{@code DIRECT}: the call alone, the floor.</li>
 *   <li>{@code GO4J}: {@link RetryPolicy#call} (3 attempts, full jitter) under
 *       {@code Context.background()}.</li>
 *   <li>{@code GO4J_BUDGET}: the same with a shared {@link TokenRetryBudget}.</li>
 *   <li>{@code RESILIENCE4J}: {@code Retry.ofDefaults} (3 attempts), {@code executeSupplier}.</li>
 *   <li>{@code FAILSAFE}: {@code Failsafe.with(RetryPolicy.ofDefaults()).get(...)}.</li>
 * </ul>
 * Each runs on 1 thread and on 2 threads sharing one policy.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar 'BreakerClosed|RetrySuccess'}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class RetrySuccessBenchmark {

    /** The implementations compared. */
    public enum Impl { DIRECT, @Baseline GO4J, GO4J_BUDGET, RESILIENCE4J, FAILSAFE }

    @Param
    public Impl impl;

    private Callable<Object> call;
    private Object payload = "row";

    @Setup
    public void setUp() {
        Supplier<Object> work = () -> payload;
        Context ctx = Context.background();
        call = switch (impl) {
            case DIRECT -> work::get;
            case GO4J -> {
                RetryPolicy p = RetryPolicy.builder().maxAttempts(3)
                        .backoff(Jitter.FULL, Duration.ofMillis(100), Duration.ofSeconds(10)).build();
                yield () -> p.call(ctx, c -> work.get());
            }
            case GO4J_BUDGET -> {
                RetryPolicy p = RetryPolicy.builder().maxAttempts(3).budget(new TokenRetryBudget(100, 0.1))
                        .backoff(Jitter.FULL, Duration.ofMillis(100), Duration.ofSeconds(10)).build();
                yield () -> p.call(ctx, c -> work.get());
            }
            case RESILIENCE4J -> {
                Retry r = Retry.ofDefaults("bench");
                yield () -> r.executeSupplier(work);
            }
            case FAILSAFE -> {
                FailsafeExecutor<Object> ex = Failsafe.with(dev.failsafe.RetryPolicy.ofDefaults());
                yield () -> ex.get(work::get);
            }
        };
    }

    @Benchmark
    @Threads(1)
    public Object call1Thread() throws Exception {
        return call.call();
    }

    @Benchmark
    @Threads(2)
    public Object call2Threads() throws Exception {
        return call.call();
    }
}

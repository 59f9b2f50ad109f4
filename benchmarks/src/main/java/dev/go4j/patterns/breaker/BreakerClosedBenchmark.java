package dev.go4j.patterns.breaker;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.go4j.benchmarks.Baseline;
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
 * The overhead per call of a closed circuit breaker around a call that succeeds at once (it returns a
 * field): what every protected call pays while the downstream is healthy. Go twin:
 * {@code BenchmarkBreakerClosed} in {@code go/breaker}.
 *
 * <p>Compared ({@code impl}):
 * <ul>
 *   <li>{@code DIRECT}: the call alone, the floor.</li>
 *   <li>{@code GO4J}: {@link CircuitBreaker#call} with a count window of 100 (lock-free).</li>
 *   <li>{@code GO4J_TIME}: the same with a time window of 10 s in 10 buckets.</li>
 *   <li>{@code RESILIENCE4J}: {@code CircuitBreaker.ofDefaults} (count window of 100),
 *       {@code executeSupplier}.</li>
 *   <li>{@code FAILSAFE}: {@code Failsafe.with(CircuitBreaker.ofDefaults()).get(...)}.</li>
 * </ul>
 * Each runs on 1 thread and on 2 threads sharing one breaker (contended).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar 'BreakerClosed|RetrySuccess'}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class BreakerClosedBenchmark {

    /** The implementations compared. */
    public enum Impl { DIRECT, @Baseline GO4J, GO4J_TIME, RESILIENCE4J, FAILSAFE }

    @Param
    public Impl impl;

    private Callable<Object> call;
    private Object payload = "row";

    @Setup
    public void setUp() {
        Supplier<Object> work = () -> payload;
        call = switch (impl) {
            case DIRECT -> work::get;
            case GO4J -> {
                CircuitBreaker cb = CircuitBreaker.builder("bench").countWindow(100).build();
                yield () -> cb.call(work::get);
            }
            case GO4J_TIME -> {
                CircuitBreaker cb = CircuitBreaker.builder("bench")
                        .timeWindow(java.time.Duration.ofSeconds(10), 10).build();
                yield () -> cb.call(work::get);
            }
            case RESILIENCE4J -> {
                io.github.resilience4j.circuitbreaker.CircuitBreaker cb =
                        io.github.resilience4j.circuitbreaker.CircuitBreaker.ofDefaults("bench");
                yield () -> cb.executeSupplier(work);
            }
            case FAILSAFE -> {
                FailsafeExecutor<Object> ex = Failsafe.with(dev.failsafe.CircuitBreaker.ofDefaults());
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

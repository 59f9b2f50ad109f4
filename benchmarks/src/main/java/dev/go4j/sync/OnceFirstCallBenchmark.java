package dev.go4j.sync;

import dev.go4j.benchmarks.Baseline;
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
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * First call: make a lazy value and read it once, so the initialization path is measured — what a
 * short-lived object with a lazily computed field pays. Go: {@code var once sync.Once; once.Do(f)}.
 *
 * <p>Compared: a new {@link Once} and its first {@link Once#run}, a new {@link Once#onceValue} and its
 * first {@code get}, and a new double-checked-locking holder and its first read (the holder-class idiom
 * has no per-instance form: its initialization happens once per class). Single-threaded, so no caller
 * ever waits. {@link OnceBenchmark} measures the steady state.
 *
 * <p>Run: {@code ./mvnw -Pjmh -Djmh.args="OnceFirstCallBenchmark -prof gc"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class OnceFirstCallBenchmark {

    /** The lazy-value idiom under test. */
    public enum Impl { @Baseline ONCE_RUN, ONCE_VALUE, DOUBLE_CHECKED }

    @Param
    public Impl impl;

    /** A per-instance lazy field guarded by double-checked locking. */
    static final class DoubleChecked {
        private volatile Object value;

        Object get() {
            Object v = value;
            if (v == null) {
                synchronized (this) { // never parks: make() does not block
                    v = value;
                    if (v == null) {
                        value = v = make();
                    }
                }
            }
            return v;
        }
    }

    /** A per-instance lazy field guarded by a {@link Once}. */
    static final class WithOnce {
        private final Once once = new Once();
        private Object value;

        Object get() {
            once.run(() -> value = make());
            return value;
        }
    }

    private static Object make() {
        return new Object();
    }

    @Benchmark
    public Object firstCall() {
        return switch (impl) {
            case ONCE_RUN -> new WithOnce().get();
            case ONCE_VALUE -> {
                Supplier<Object> v = Once.onceValue(OnceFirstCallBenchmark::make);
                yield v.get();
            }
            case DOUBLE_CHECKED -> new DoubleChecked().get();
        };
    }
}

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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Steady state: read a lazily initialized value after its initialization — the call every request
 * makes, so the one that matters. Go: {@code once.Do(initConfig); return config} or
 * {@code config := sync.OnceValue(load); config()}.
 *
 * <p>Compared: {@link Once#run} with a capturing lambda, as the Javadoc example writes it;
 * {@link Once#onceValue}; and the JVM's idioms — the holder class (a {@code static final} field of a
 * nested class, initialized by class loading), double-checked locking on a volatile field, and a bare
 * volatile read (the floor: the least any thread-safe lazy value can do). The Go twin is
 * {@code BenchmarkOnce} in {@code go/sync}. {@link OnceFirstCallBenchmark} measures the first call.
 *
 * <p>Run: {@code ./mvnw -Pjmh -Djmh.args="OnceBenchmark -t 4"} for the shared-read case too.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class OnceBenchmark {

    /** The lazy-value idiom under test. */
    public enum Impl { @Baseline ONCE_RUN, ONCE_VALUE, HOLDER, DOUBLE_CHECKED, VOLATILE_READ }

    @Param
    public Impl impl;

    private final Once once = new Once();
    private Object onceField;
    private Supplier<Object> onceValue;
    private volatile Object dclField;
    private final Object dclLock = new Object();
    private volatile Object volatileField;

    /** The holder idiom: the JVM initializes VALUE once, on first access, under the class-init lock. */
    private static final class Holder {
        static final Object VALUE = new Object();
    }

    private static Object make() {
        return new Object();
    }

    @Setup
    public void initialize() {
        onceValue = Once.onceValue(OnceBenchmark::make);
        get(); // the first call, outside the measurement
        volatileField = make();
    }

    @Benchmark
    public Object get() {
        return switch (impl) {
            case ONCE_RUN -> {
                once.run(() -> onceField = make());
                yield onceField;
            }
            case ONCE_VALUE -> onceValue.get();
            case HOLDER -> Holder.VALUE;
            case DOUBLE_CHECKED -> {
                Object v = dclField;
                if (v == null) {
                    synchronized (dclLock) { // never parks: make() does not block
                        v = dclField;
                        if (v == null) {
                            dclField = v = make();
                        }
                    }
                }
                yield v;
            }
            case VOLATILE_READ -> volatileField;
        };
    }
}

package dev.go4j.context;

import dev.go4j.benchmarks.Baseline;
import java.util.Map;
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
 * Looking up a request-scoped value: Go's {@code ctx.Value(key)}, which walks the chain of contexts
 * towards the root, against the Java idioms that do not walk. The Go twin is
 * {@code BenchmarkContextValue} in {@code go/context/context_bench_test.go}.
 *
 * <p>Workload, single-threaded: the value sought is {@code depth} contexts up — at {@code depth == 1}
 * the innermost {@code withValue} binds it, at 10 there are nine other {@code withValue} layers (other
 * keys) and a cancelable context in between. One operation is one lookup, checked. The
 * implementations:
 * <ul>
 *   <li>{@code GO4J}: {@link Context#value}, a linear walk (Go's cost model).</li>
 *   <li>{@code THREAD_LOCAL}: the value in a {@link ThreadLocal}, the usual Java home for request
 *       data (constant time, but bound to one thread and easy to leak across pooled tasks).</li>
 *   <li>{@code IMMUTABLE_MAP}: {@code depth} entries in a {@link Map#of} passed along instead of a
 *       context: a hash lookup.</li>
 * </ul>
 * Score: nanoseconds per lookup (lower is better).
 *
 * <p>Run: {@code ./mvnw -Pjmh -Djmh.args="ContextValueBenchmark -f 3"}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class ContextValueBenchmark {

    private static final String VALUE = "alice";

    /** The implementations; the first is the one the others are compared with. */
    public enum Impl {
        @Baseline
        GO4J {
            @Override
            Object lookup(ContextValueBenchmark b) {
                return b.ctx.value(b.key);
            }
        },
        THREAD_LOCAL {
            @Override
            Object lookup(ContextValueBenchmark b) {
                return b.local.get();
            }
        },
        IMMUTABLE_MAP {
            @Override
            Object lookup(ContextValueBenchmark b) {
                return b.map.get(b.key);
            }
        };

        abstract Object lookup(ContextValueBenchmark b);
    }

    @Param
    public Impl impl;

    /** How many contexts up the value is bound (1: in the context itself). */
    @Param({"1", "10"})
    public int depth;

    Context ctx;
    Context.Key<String> key;
    ThreadLocal<String> local;
    Map<Object, Object> map;

    @Setup
    public void setUp() {
        key = new Context.Key<>("user");
        Context c = Context.withValue(Context.background(), key, VALUE);
        Object[] entries = new Object[2 * depth];
        entries[0] = key;
        entries[1] = VALUE;
        for (int i = 1; i < depth; i++) {
            Context.Key<Integer> other = new Context.Key<>("k" + i);
            c = i == depth / 2 ? Context.withCancel(Context.withValue(c, other, i)) : Context.withValue(c, other, i);
            entries[2 * i] = other;
            entries[2 * i + 1] = i;
        }
        ctx = c;
        map = Map.ofEntries(mapEntries(entries));
        local = new ThreadLocal<>();
        local.set(VALUE);
        if (!VALUE.equals(impl.lookup(this))) {
            throw new IllegalStateException(impl + " did not find the value");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map.Entry<Object, Object>[] mapEntries(Object[] kv) {
        Map.Entry<Object, Object>[] e = new Map.Entry[kv.length / 2];
        for (int i = 0; i < e.length; i++) {
            e[i] = Map.entry(kv[2 * i], kv[2 * i + 1]);
        }
        return e;
    }

    @TearDown
    public void tearDown() {
        local.remove();
    }

    @Benchmark
    public Object lookup() {
        Object v = impl.lookup(this);
        if (v != VALUE) {
            throw new IllegalStateException("wrong value " + v);
        }
        return v;
    }
}

package dev.go4j.chan;

import com.softwaremill.jox.SelectClause;
import dev.go4j.benchmarks.Baseline;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A select with a default over channels that are never ready: Go's non-blocking poll
 * ({@code select { case <-a: case <-b: default: }}), the cost of finding out that nothing is there.
 *
 * <p>Workload, single-threaded: two empty channels of {@code capacity} (0: unbuffered, nobody sending;
 * 16: buffered and empty). One operation is one select with two receive cases and a default, which
 * must take the default. The implementations:
 * <ul>
 *   <li>{@code GO4J}: one reused {@link Select} with two {@code onReceive} cases and
 *       {@code orDefault}.</li>
 *   <li>{@code JOX}: {@code Select.select(a.receiveClause(), b.receiveClause(), Select.defaultClause(d))}
 *       over a reused clause array: jox's default clause is its equivalent of Go's {@code default}.</li>
 *   <li>{@code GO4J_TRY_RECEIVE}: {@code a.tryReceive()} then {@code b.tryReceive()} without a
 *       select, the floor a select with a default can be compared with.</li>
 * </ul>
 * Every result is checked to be the default's. Score: nanoseconds per select (lower is better).
 *
 * <p>Run: {@code ./mvnw -Pjmh -Djmh.args="SelectDefault -f 3"}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class SelectDefaultBenchmark {

    /** What the default case returns; the channels would only ever hold other values. */
    static final Integer DEFAULT = -1;

    /** One operation: a select that must take its default. */
    interface Op {
        Integer run() throws InterruptedException;
    }

    /** The implementations; the first is the one the others are compared with. */
    public enum Impl {
        @Baseline
        GO4J {
            @Override
            Op create(int capacity) {
                Select<Integer> select = new Select<Integer>()
                        .onReceive(Channel.<Integer>make(capacity), v -> v)
                        .onReceive(Channel.<Integer>make(capacity), v -> v)
                        .orDefault(() -> DEFAULT);
                return select::run;
            }
        },
        JOX {
            @Override
            Op create(int capacity) {
                @SuppressWarnings({"unchecked", "rawtypes"}) // generic array creation
                SelectClause<Integer>[] clauses = new SelectClause[] {
                    joxChannel(capacity).receiveClause(),
                    joxChannel(capacity).receiveClause(),
                    com.softwaremill.jox.Select.defaultClause(DEFAULT)
                };
                return () -> com.softwaremill.jox.Select.select(clauses);
            }
        },
        GO4J_TRY_RECEIVE {
            @Override
            Op create(int capacity) {
                Channel<Integer> a = Channel.make(capacity);
                Channel<Integer> b = Channel.make(capacity);
                return () -> {
                    Integer v = a.tryReceive();
                    if (v != null) {
                        return v;
                    }
                    v = b.tryReceive();
                    return v != null ? v : DEFAULT;
                };
            }
        };

        abstract Op create(int capacity);

        private static com.softwaremill.jox.Channel<Integer> joxChannel(int capacity) {
            return capacity == 0
                    ? com.softwaremill.jox.Channel.newRendezvousChannel()
                    : com.softwaremill.jox.Channel.newBufferedChannel(capacity);
        }
    }

    @Param
    public Impl impl;

    /** Capacity of both channels: 0 is unbuffered. */
    @Param({"0", "16"})
    public int capacity;

    private Op op;

    @Setup
    public void setUp() {
        op = impl.create(capacity);
    }

    @Benchmark
    public Integer selectDefault() throws InterruptedException {
        Integer r = op.run();
        if (r != DEFAULT) {
            throw new IllegalStateException("an empty channel delivered " + r);
        }
        return r;
    }
}

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
 * A select over receive cases that are all ready: the cost of Go's {@code select} itself, with no
 * parking — locking the channels, choosing a case and taking its value.
 *
 * <p>Workload, single-threaded and deterministic: {@code cases} buffered channels of capacity 1, each
 * holding one value, its own index. One operation is one select over all of them followed by a
 * non-blocking send of the received value back into the channel it came from, so every channel is
 * ready again for the next operation. The implementations:
 * <ul>
 *   <li>{@code GO4J}: one reused {@link Select} with an {@code onReceive} case per channel, then
 *       {@code trySend} back. It picks a ready case uniformly at random, as Go does.</li>
 *   <li>{@code JOX}: {@code Select.select(ch1.receiveClause(), ...)} over a reused clause array, then
 *       {@code send} back (it cannot block: the slot was just freed; jox has no {@code trySend}).
 *       jox picks the first ready clause, so it always takes channel 0.</li>
 *   <li>{@code GO4J_NO_SELECT}, {@code JOX_NO_SELECT}: the same receive and send-back on channel 0
 *       without a select, so the select's own overhead is the difference.</li>
 * </ul>
 * Every received value is checked against the channel it came from. Score: nanoseconds per select
 * (lower is better).
 *
 * <p>Run: {@code ./mvnw -Pjmh -Djmh.args="SelectReady -f 3"}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class SelectReadyBenchmark {

    /** One operation: select (or not), send the value back, return it. */
    interface Op {
        int run() throws InterruptedException;
    }

    /** The implementations; the first is the one the others are compared with. */
    public enum Impl {
        @Baseline
        GO4J {
            @Override
            Op create(int cases) {
                @SuppressWarnings({"unchecked", "rawtypes"}) // generic array creation
                Channel<Integer>[] chans = new Channel[cases];
                Select<Integer> select = new Select<>();
                for (int i = 0; i < cases; i++) {
                    chans[i] = filled(i);
                    select.onReceive(chans[i], v -> v);
                }
                return () -> {
                    Integer v = select.run();
                    if (!chans[v].trySend(v)) {
                        throw new IllegalStateException("channel " + v + " was full after a receive");
                    }
                    return v;
                };
            }
        },
        JOX {
            @Override
            Op create(int cases) {
                @SuppressWarnings({"unchecked", "rawtypes"}) // generic array creation
                com.softwaremill.jox.Channel<Integer>[] chans = new com.softwaremill.jox.Channel[cases];
                @SuppressWarnings({"unchecked", "rawtypes"}) // generic array creation
                SelectClause<Integer>[] clauses = new SelectClause[cases];
                for (int i = 0; i < cases; i++) {
                    chans[i] = joxFilled(i);
                    clauses[i] = chans[i].receiveClause();
                }
                return () -> {
                    Integer v = com.softwaremill.jox.Select.select(clauses);
                    chans[v].send(v);
                    return v;
                };
            }
        },
        GO4J_NO_SELECT {
            @Override
            Op create(int cases) {
                Channel<Integer> ch = filled(0);
                return () -> {
                    Integer v = ch.receive();
                    if (v != 0 || !ch.trySend(v)) {
                        throw new IllegalStateException("channel 0 delivered " + v + " or was full");
                    }
                    return v;
                };
            }
        },
        JOX_NO_SELECT {
            @Override
            Op create(int cases) {
                com.softwaremill.jox.Channel<Integer> ch = joxFilled(0);
                return () -> {
                    Integer v = ch.receive();
                    if (v != 0) {
                        throw new IllegalStateException("channel 0 delivered " + v);
                    }
                    ch.send(v);
                    return v;
                };
            }
        };

        abstract Op create(int cases);

        private static Channel<Integer> filled(int index) {
            Channel<Integer> ch = Channel.make(1);
            if (!ch.trySend(index)) {
                throw new AssertionError("a new channel of capacity 1 refused a value");
            }
            return ch;
        }

        private static com.softwaremill.jox.Channel<Integer> joxFilled(int index) {
            com.softwaremill.jox.Channel<Integer> ch = com.softwaremill.jox.Channel.newBufferedChannel(1);
            try {
                ch.send(index); // a free slot: does not block
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while filling a channel", e);
            }
            return ch;
        }
    }

    @Param
    public Impl impl;

    /** Receive cases in the select. */
    @Param({"2", "4"})
    public int cases;

    private Op op;

    @Setup
    public void setUp() {
        op = impl.create(cases);
    }

    @Benchmark
    public int select() throws InterruptedException {
        return op.run();
    }
}

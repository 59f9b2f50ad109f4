package dev.go4j.chan;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An unbuffered channel from one producer to one consumer where every send and every receive is
 * bounded by a context: the hand-off between two stages of a Go pipeline,
 * {@code select { case out <- v: case <-ctx.Done(): return ctx.Err() }} on one side and
 * {@code select { case v := <-in: case <-ctx.Done(): return ctx.Err() }} on the other.
 *
 * <p>Workload: as {@link ChannelUnbufferedBenchmark}, {@value #MESSAGES} pre-boxed {@code Integer}s
 * from one producer virtual thread to one consumer virtual thread per invocation, under one
 * cancelable context that is never cancelled (a long-lived request). Compared: go4j's
 * context-bounded calls ({@code GO4J}), the same written as two-case go4j selects ({@code SELECT}, the
 * literal Go port), plain go4j sends and receives with no context ({@code PLAIN}, the floor), and
 * jox's {@code select} over the channel and a done channel ({@code JOX}). The consumer's checksum is
 * verified. Score: nanoseconds per message (lower is better).
 *
 * <p>Run: {@code ./mvnw -Pjmh -Djmh.args="ChannelContext -f 3"}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class ChannelContextBenchmark {

    static final int MESSAGES = 20_000;

    @Param
    public ContextHandoffImpl impl;

    private CancelableContext ctx;
    private Workers.Task[] tasks;

    @Setup(Level.Trial)
    public void setUp() {
        ctx = Context.withCancel(Context.background());
        tasks = Transfer.tasks(impl.create(ctx), 1, 1, Transfer.messages(MESSAGES));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ctx.cancel();
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long transfer() throws InterruptedException {
        return Transfer.verify(Workers.run(Thread.ofVirtual(), tasks), MESSAGES);
    }
}

package dev.go4j.chan;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An unbuffered channel from one producer to one consumer: Go's {@code make(chan T)}, where every send
 * waits for its receiver, against the JDK's rendezvous queues and jox's rendezvous channel.
 *
 * <p>Workload: each invocation hands {@value #MESSAGES} pre-boxed {@code Integer}s from one producer
 * virtual thread to one consumer virtual thread, both started and joined by the JMH thread. Every
 * hand-off is a rendezvous: the producer cannot run ahead, so most messages cost a park and an unpark.
 * The JDK pair is {@code SynchronousQueue.put/take} and {@code LinkedTransferQueue.transfer/take}
 * ({@code transfer} waits for the consumer, as a channel send does). The consumer's checksum is
 * verified. Score: nanoseconds per message (lower is better).
 *
 * <p>Run: {@code ./mvnw -Pjmh -Djmh.args="ChannelUnbuffered -f 3"}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class ChannelUnbufferedBenchmark {

    static final int MESSAGES = 20_000;

    @Param
    public RendezvousImpl impl;

    private Workers.Task[] tasks;

    @Setup
    public void setUp() {
        tasks = Transfer.tasks(impl.create(), 1, 1, Transfer.messages(MESSAGES));
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long transfer() throws InterruptedException {
        return Transfer.verify(Workers.run(Thread.ofVirtual(), tasks), MESSAGES);
    }
}

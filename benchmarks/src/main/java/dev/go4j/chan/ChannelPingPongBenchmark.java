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
 * A round trip over two unbuffered channels: Go's ping-pong ({@code ping <- v; v = <-pong} against
 * {@code pong <- <-ping}), the latency of waking a goroutine and being woken back.
 *
 * <p>Workload: each invocation makes {@value #ROUND_TRIPS} round trips between two virtual threads,
 * started and joined by the JMH thread: the pinger sends a pre-boxed {@code Integer} on {@code ping}
 * and waits for the same object back on {@code pong}; the ponger echoes every value. Nothing can be
 * batched: every step parks one side and wakes the other. Compared with a pair of
 * {@code SynchronousQueue}s, a pair of {@code LinkedTransferQueue}s ({@code transfer/take}) and a pair
 * of jox rendezvous channels. The pinger checks every echo and the checksum is verified.
 * Score: nanoseconds per round trip (lower is better).
 *
 * <p>Run: {@code ./mvnw -Pjmh -Djmh.args="ChannelPingPong -f 3"}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class ChannelPingPongBenchmark {

    static final int ROUND_TRIPS = 10_000;

    @Param
    public RendezvousImpl impl;

    private Workers.Task pinger;
    private Workers.Task ponger;

    @Setup
    public void setUp() {
        Handoff<Integer> ping = impl.create();
        Handoff<Integer> pong = impl.create();
        Integer[] messages = Transfer.messages(ROUND_TRIPS);
        pinger = () -> {
            long sum = 0L;
            for (Integer m : messages) {
                ping.put(m);
                Integer echo = pong.take();
                if (echo != m) {
                    throw new IllegalStateException("sent " + m + ", got back " + echo);
                }
                sum += echo;
            }
            return sum;
        };
        ponger = () -> {
            for (int i = 0; i < ROUND_TRIPS; i++) {
                pong.put(ping.take());
            }
            return 0L;
        };
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public long roundTrip() throws InterruptedException {
        return Transfer.verify(Workers.run(Thread.ofVirtual(), pinger, ponger), ROUND_TRIPS);
    }
}

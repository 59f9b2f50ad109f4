package dev.go4j.chan;

import dev.go4j.benchmarks.Baseline;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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
 * A buffered channel between producers and consumers: Go's {@code make(chan T, 1024)} with blocking
 * {@code ch <- v} and {@code <-ch}, against the JDK's bounded blocking queues and jox's buffered channel.
 *
 * <p>Workload: each invocation moves {@value #MESSAGES} pre-boxed {@code Integer}s through one
 * channel of capacity {@value #CAPACITY}, from the producers to the consumers of {@code shape}
 * ({@code 1x1}: one producer, one consumer; {@code 2x2} and {@code 4x4}: two or four of each, contending
 * on both ends). Each
 * side runs on its own fresh thread, virtual (Go's goroutine) or platform ({@code threads}), started
 * and joined by the JMH thread; thread start-up is amortized over the messages. The consumers' checksum
 * is verified, so an implementation that loses or duplicates a message fails the benchmark.
 * Score: nanoseconds per message (lower is better).
 *
 * <p>Not compared: JCTools' {@code MpmcArrayQueue} is non-blocking; it has no blocking put/take, and a
 * spin-then-park wrapper written here would measure that wrapper, not a library.
 *
 * <p>Run: {@code ./mvnw -Pjmh -Djmh.args="ChannelBuffered -f 3"}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class ChannelBufferedBenchmark {

    static final int CAPACITY = 1024;
    static final int MESSAGES = 100_000;

    /** The implementations; the first is the one the others are compared with. */
    public enum Impl {
        @Baseline
        GO4J {
            @Override
            Handoff<Integer> create() {
                return Handoff.of(Channel.<Integer>make(CAPACITY));
            }
        },
        ARRAY_BLOCKING_QUEUE {
            @Override
            Handoff<Integer> create() {
                return Handoff.of(new ArrayBlockingQueue<>(CAPACITY));
            }
        },
        LINKED_BLOCKING_QUEUE {
            @Override
            Handoff<Integer> create() {
                return Handoff.of(new LinkedBlockingQueue<>(CAPACITY));
            }
        },
        JOX {
            @Override
            Handoff<Integer> create() {
                return Handoff.of(com.softwaremill.jox.Channel.<Integer>newBufferedChannel(CAPACITY));
            }
        };

        abstract Handoff<Integer> create();
    }

    @Param
    public Impl impl;

    /** Producers x consumers. */
    @Param({"1x1", "2x2", "4x4"})
    public String shape;

    /** What the producers and consumers run on. */
    public enum Threads {
        /** Go's goroutine. */
        VIRTUAL,
        PLATFORM
    }

    @Param
    public Threads threads;

    private Thread.Builder builder;

    private Workers.Task[] tasks;

    @Setup
    public void setUp() {
        String[] sides = shape.split("x", -1);
        if (sides.length != 2) {
            throw new IllegalArgumentException("shape must be <producers>x<consumers>, was " + shape);
        }
        builder = threads == Threads.VIRTUAL ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true);
        tasks = Transfer.tasks(impl.create(), Integer.parseInt(sides[0]), Integer.parseInt(sides[1]),
                Transfer.messages(MESSAGES));
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long transfer() throws InterruptedException {
        return Transfer.verify(Workers.run(builder, tasks), MESSAGES);
    }
}

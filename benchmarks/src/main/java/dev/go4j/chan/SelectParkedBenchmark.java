package dev.go4j.chan;

import com.softwaremill.jox.SelectClause;
import dev.go4j.benchmarks.Baseline;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * A select that parks and is woken by a producer: Go's {@code select} over receive cases when nothing
 * is ready yet, the path that costs a park and an unpark — unlike {@link SelectReadyBenchmark}, where a
 * case is always ready.
 *
 * <p>Workload: {@code cases} unbuffered channels, one producer virtual thread per channel, one consumer
 * virtual thread, all started and joined by the JMH thread for each invocation of {@value #MESSAGES}
 * messages. For each message the consumer asks one producer (round robin) for a value, with a
 * non-blocking send of the message number on that producer's request channel (capacity 1), and then
 * selects over the receive cases of all {@code cases} channels. The asked producer was parked waiting
 * for the request, so when the select runs no case is ready, as a rule: the select parks, and the
 * producer's send on its case channel wakes it. (If the producer is quicker than the consumer, the
 * select finds it ready instead; that race is part of the workload, as in Go.) The consumer checks that
 * the value came through the channel of the producer it asked, and sums the values. The implementations:
 * <ul>
 *   <li>{@code GO4J}: {@link Channel} and one reused {@link Select} with an {@code onReceive} case per
 *       channel.</li>
 *   <li>{@code JOX}: jox's rendezvous channels and {@code Select.select} over a reused clause array;
 *       buffered jox channels for the requests.</li>
 *   <li>{@code PARK}: no channel and no select, only a volatile slot and {@code LockSupport.park} and
 *       {@code unpark} per hand-off: the floor under any library on the JDK's virtual-thread
 *       scheduler, shown so that the cost of the wake-ups and the cost of the library can be told
 *       apart.</li>
 * </ul>
 * Score: nanoseconds per message: one request, one parked select, one wake-up (lower is better).
 *
 * <p>Run: {@code ./mvnw -Pjmh -Djmh.args="SelectParked -f 3"}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class SelectParkedBenchmark {

    /** Messages per invocation; divisible by every {@code cases}. */
    static final int MESSAGES = 12_000;

    /** The implementations; the first is the one the others are compared with. */
    public enum Impl {
        @Baseline
        GO4J {
            @Override
            Workers.Task[] tasks(int cases) {
                @SuppressWarnings({"unchecked", "rawtypes"}) // generic array creation
                Channel<Integer>[] chans = new Channel[cases];
                @SuppressWarnings({"unchecked", "rawtypes"}) // generic array creation
                Channel<Integer>[] requests = new Channel[cases];
                Select<Integer> select = new Select<>();
                Workers.Task[] tasks = new Workers.Task[cases + 1];
                for (int i = 0; i < cases; i++) {
                    Channel<Integer> ch = Channel.make();
                    Channel<Integer> request = Channel.make(1);
                    chans[i] = ch;
                    requests[i] = request;
                    select.onReceive(ch, v -> v);
                    tasks[i + 1] = () -> {
                        for (int m = 0; m < MESSAGES / cases; m++) {
                            ch.send(request.receive());
                        }
                        return 0L;
                    };
                }
                tasks[0] = () -> {
                    long sum = 0;
                    for (int m = 0; m < MESSAGES; m++) {
                        if (!requests[m % cases].trySend(m)) {
                            throw new IllegalStateException("a request channel was full");
                        }
                        Integer v = select.run();
                        check(v, m);
                        sum += v;
                    }
                    return sum;
                };
                return tasks;
            }
        },
        JOX {
            @Override
            Workers.Task[] tasks(int cases) {
                @SuppressWarnings({"unchecked", "rawtypes"}) // generic array creation
                com.softwaremill.jox.Channel<Integer>[] requests = new com.softwaremill.jox.Channel[cases];
                @SuppressWarnings({"unchecked", "rawtypes"}) // generic array creation
                SelectClause<Integer>[] clauses = new SelectClause[cases];
                Workers.Task[] tasks = new Workers.Task[cases + 1];
                for (int i = 0; i < cases; i++) {
                    com.softwaremill.jox.Channel<Integer> ch = com.softwaremill.jox.Channel.newRendezvousChannel();
                    com.softwaremill.jox.Channel<Integer> request = com.softwaremill.jox.Channel.newBufferedChannel(1);
                    requests[i] = request;
                    clauses[i] = ch.receiveClause();
                    tasks[i + 1] = () -> {
                        for (int m = 0; m < MESSAGES / cases; m++) {
                            ch.send(request.receive());
                        }
                        return 0L;
                    };
                }
                tasks[0] = () -> {
                    long sum = 0;
                    for (int m = 0; m < MESSAGES; m++) {
                        requests[m % cases].send(m); // the slot is free: the last request was served
                        Integer v = com.softwaremill.jox.Select.select(clauses);
                        check(v, m);
                        sum += v;
                    }
                    return sum;
                };
                return tasks;
            }
        },

        /**
         * Not a peer but the floor under every peer: the same messages with no channel and no select. Each
         * producer waits on a slot of its own for its request, and the consumer on one slot for the
         * reply; a slot is a volatile field written once and a {@link LockSupport#unpark} of the thread
         * parked on it. No lock, no queue, no allocation, no spin: what a virtual-thread wake-up costs in
         * this shape on the JDK's scheduler. (A spin of 128 rounds before each park measured slower here,
         * since the three threads share two cores and a spinning one holds a carrier the others need.)
         */
        PARK {
            @Override
            Workers.Task[] tasks(int cases) {
                Slot reply = new Slot();
                Slot[] requests = new Slot[cases];
                Workers.Task[] tasks = new Workers.Task[cases + 1];
                for (int i = 0; i < cases; i++) {
                    Slot request = new Slot();
                    requests[i] = request;
                    tasks[i + 1] = () -> {
                        for (int m = 0; m < MESSAGES / cases; m++) {
                            reply.put(request.take());
                        }
                        return 0L;
                    };
                }
                tasks[0] = () -> {
                    long sum = 0;
                    for (int m = 0; m < MESSAGES; m++) {
                        requests[m % cases].put(m);
                        int v = reply.take();
                        check(v, m);
                        sum += v;
                    }
                    return sum;
                };
                return tasks;
            }
        };

        /** The consumer (first) and one producer per case, for one invocation. */
        abstract Workers.Task[] tasks(int cases);

        private static void check(int v, int m) {
            if (v != m) {
                throw new IllegalStateException("asked for " + m + ", received " + v);
            }
        }
    }

    /**
     * One message slot of {@link Impl#PARK}: a single-value hand-off between one writer and one reader
     * that parks until the value is there. Empty is -1 (messages are never negative).
     */
    static final class Slot {
        private volatile int value = -1;
        private volatile Thread waiter;

        void put(int v) {
            value = v;
            Thread t = waiter; // the reader registers before its last read of value: no lost wake-up
            if (t != null) {
                LockSupport.unpark(t);
            }
        }

        int take() throws InterruptedException {
            waiter = Thread.currentThread();
            for (;;) {
                int v = value;
                if (v >= 0) {
                    value = -1;
                    waiter = null;
                    return v;
                }
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    throw new InterruptedException(); // a failed sibling: see Workers
                }
            }
        }
    }

    @Param
    public Impl impl;

    /** Receive cases in the select (and producers). */
    @Param({"2", "4"})
    public int cases;

    @Setup
    public void setUp() {
        if (MESSAGES % cases != 0) {
            throw new IllegalArgumentException("cases must divide " + MESSAGES + ", was " + cases);
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long selectParked() throws InterruptedException {
        return Transfer.verify(Workers.run(Thread.ofVirtual(), impl.tasks(cases)), MESSAGES);
    }
}

package dev.go4j.patterns.pipeline;

import com.softwaremill.jox.ChannelClosed;
import dev.go4j.benchmarks.Baseline;
import dev.go4j.benchmarks.Driver;
import dev.go4j.chan.ReceiveChannel;
import dev.go4j.context.Context;
import dev.go4j.errgroup.ErrGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
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
import org.openjdk.jmh.infra.Blackhole;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Pipelines, per message. Two workloads, each with its own parameters:
 *
 * <ul>
 *   <li>{@code stages}: 100 000 messages through Go's shapes on unbuffered channels, {@code shape} =
 *       {@code THREE_STAGE} (source, map, map, sink) or {@code MERGE_4} (four sources of 25 000 merged
 *       into one sink); {@code impl} = {@code GO4J} ({@link Stages} in an {@link ErrGroup}) or
 *       {@code JOX} (the same goroutines on jox rendezvous channels, hand-written as Go would).</li>
 *   <li>{@code parallelMap}: 10 000 messages through a bounded parallel map of {@code n = 16}, each
 *       call a little CPU work ({@code Blackhole.consumeCPU(256)}, about half a microsecond), the sum
 *       collected; {@code order} = {@code ORDERED} or {@code UNORDERED}; {@code impl} = {@code GO4J}
 *       ({@link Stages#mapOrdered} / {@link Stages#mapUnordered}), {@code REACTOR}
 *       ({@code flatMapSequential} / {@code flatMap} with concurrency 16 over {@code Mono.fromCallable}
 *       on {@code Schedulers.newParallel}, one thread per core), {@code COMPLETABLE_FUTURE} ({@code supplyAsync} on a
 *       virtual-thread-per-task executor, at most 16 in flight by a {@link Semaphore}, joined in input
 *       order).</li>
 * </ul>
 * Each invocation's driving code (building the stages and collecting the output, or subscribing and
 * blocking for Reactor) runs on a virtual thread, as a Go benchmark's does on a goroutine (see
 * {@link Driver}). The checksum is verified after every invocation. The Go twin is
 * {@code BenchmarkPipeline} in {@code go/pipeline}.
 *
 * <p>Run: {@code ./mvnw -Pjmh -Djmh.args="PipelineBenchmark"}, or through the comparison table
 * ({@code ./mvnw -Pbench -Dbench.args="-quick PipelineBenchmark"}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PipelineBenchmark {

    static final int MESSAGES = 100_000;
    static final int MAPPED = 10_000;
    static final int PARALLELISM = 16;
    static final long CPU = 256;
    private static final List<Integer> BOXED = boxed(MESSAGES);
    private static final List<Integer> BOXED_MAPPED = boxed(MAPPED);

    private static List<Integer> boxed(int n) {
        Integer[] a = new Integer[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return Arrays.asList(a);
    }

    /** The stage shapes. */
    @State(Scope.Benchmark)
    public static class StagesState {
        /** Channels and goroutines of the stages. */
        public enum Impl { @Baseline GO4J, JOX }

        /** The pipeline's shape. */
        public enum Shape { THREE_STAGE, MERGE_4 }

        @Param
        public Impl impl;

        @Param
        public Shape shape;
    }

    /** The bounded parallel map. */
    @State(Scope.Benchmark)
    public static class MapState {
        /** The parallel map. */
        public enum Impl { @Baseline GO4J, REACTOR, COMPLETABLE_FUTURE }

        /** Output order. */
        public enum Order { ORDERED, UNORDERED }

        @Param
        public Impl impl;

        @Param
        public Order order;

        Scheduler scheduler;
        ExecutorService virtualThreads;
        Semaphore window;

        @Setup(Level.Trial)
        public void setUp() {
            scheduler = Schedulers.newParallel("bench", Runtime.getRuntime().availableProcessors());
            virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
            window = new Semaphore(PARALLELISM);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            scheduler.dispose();
            virtualThreads.close();
        }
    }

    static long inc(Integer v) {
        return v + 1L;
    }

    static Integer cpu(Integer v) {
        Blackhole.consumeCPU(CPU);
        return v;
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long stages(StagesState s) throws Exception {
        long sum = Driver.onVirtualThread(
                () -> s.impl == StagesState.Impl.GO4J ? go4jStages(s.shape) : joxStages(s.shape));
        long expected = s.shape == StagesState.Shape.THREE_STAGE
                ? (long) MESSAGES * (MESSAGES - 1) / 2 + 2L * MESSAGES
                : 4L * ((long) (MESSAGES / 4) * (MESSAGES / 4 - 1) / 2);
        check(sum, expected);
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(MAPPED)
    public long parallelMap(MapState s) throws Exception {
        long sum = Driver.onVirtualThread(() -> parallelMapSum(s));
        check(sum, (long) MAPPED * (MAPPED - 1) / 2);
        return sum;
    }

    private static long parallelMapSum(MapState s) throws Exception {
        boolean ordered = s.order == MapState.Order.ORDERED;
        return switch (s.impl) {
            case GO4J -> {
                ErrGroup g = ErrGroup.withContext(Context.background());
                ReceiveChannel<Integer> in = Stages.source(g, BOXED_MAPPED);
                ReceiveChannel<Integer> out = ordered
                        ? Stages.mapOrdered(g, in, PARALLELISM, PipelineBenchmark::cpu)
                        : Stages.mapUnordered(g, in, PARALLELISM, PipelineBenchmark::cpu);
                long[] acc = new long[1];
                Stages.forEach(g, out, v -> acc[0] += v);
                yield acc[0];
            }
            case REACTOR -> {
                Flux<Integer> in = Flux.fromIterable(BOXED_MAPPED);
                Flux<Integer> out = ordered
                        ? in.flatMapSequential(v -> Mono.fromCallable(() -> cpu(v)).subscribeOn(s.scheduler), PARALLELISM)
                        : in.flatMap(v -> Mono.fromCallable(() -> cpu(v)).subscribeOn(s.scheduler), PARALLELISM);
                yield out.reduce(0L, (a, v) -> a + v).block();
            }
            case COMPLETABLE_FUTURE -> {
                List<CompletableFuture<Integer>> fs = new ArrayList<>(MAPPED);
                for (Integer v : BOXED_MAPPED) {
                    s.window.acquire();
                    fs.add(CompletableFuture.supplyAsync(() -> cpu(v), s.virtualThreads)
                            .whenComplete((r, e) -> s.window.release()));
                }
                long acc = 0;
                for (CompletableFuture<Integer> f : fs) {
                    acc += f.join();
                }
                yield acc;
            }
        };
    }

    private static long go4jStages(StagesState.Shape shape) throws Exception {
        ErrGroup g = ErrGroup.withContext(Context.background());
        ReceiveChannel<? extends Number> out;
        if (shape == StagesState.Shape.THREE_STAGE) {
            out = Stages.map(g, Stages.map(g, Stages.source(g, BOXED), PipelineBenchmark::inc), v -> v + 1L);
        } else {
            List<ReceiveChannel<Integer>> ins = new ArrayList<>(4);
            for (int i = 0; i < 4; i++) {
                ins.add(Stages.source(g, BOXED.subList(0, MESSAGES / 4)));
            }
            out = Stages.merge(g, ins);
        }
        long[] acc = new long[1];
        Stages.forEach(g, out, v -> acc[0] += v.longValue());
        return acc[0];
    }

    private static long joxStages(StagesState.Shape shape) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        com.softwaremill.jox.Channel<Long> out = com.softwaremill.jox.Channel.newRendezvousChannel();
        if (shape == StagesState.Shape.THREE_STAGE) {
            com.softwaremill.jox.Channel<Integer> src = com.softwaremill.jox.Channel.newRendezvousChannel();
            com.softwaremill.jox.Channel<Long> mid = com.softwaremill.jox.Channel.newRendezvousChannel();
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    for (Integer v : BOXED) {
                        src.send(v);
                    }
                    src.done();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            threads.add(Thread.ofVirtual().start(() -> forward(src, mid, true)));
            threads.add(Thread.ofVirtual().start(() -> forward(mid, out, false)));
        } else {
            List<Thread> forwarders = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                com.softwaremill.jox.Channel<Integer> src = com.softwaremill.jox.Channel.newRendezvousChannel();
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        for (Integer v : BOXED.subList(0, MESSAGES / 4)) {
                            src.send(v);
                        }
                        src.done();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
                forwarders.add(Thread.ofVirtual().start(() -> { // merge: one forwarder per input
                    try {
                        for (Object o; !((o = src.receiveOrClosed()) instanceof ChannelClosed); ) {
                            out.send(((Integer) o).longValue());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            threads.addAll(forwarders);
            threads.add(Thread.ofVirtual().start(() -> { // wg.Wait(); close(out)
                try {
                    for (Thread t : forwarders) {
                        t.join();
                    }
                    out.done();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        long sum = 0;
        for (Object o; !((o = out.receiveOrClosed()) instanceof ChannelClosed); ) {
            sum += (Long) o;
        }
        for (Thread t : threads) {
            t.join();
        }
        return sum;
    }

    private static void forward(com.softwaremill.jox.Channel<?> in, com.softwaremill.jox.Channel<Long> out,
            boolean first) {
        try {
            for (Object o; !((o = in.receiveOrClosed()) instanceof ChannelClosed); ) {
                out.send(first ? inc((Integer) o) : (Long) o + 1L);
            }
            out.done();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void check(long sum, long expected) {
        if (sum != expected) {
            throw new IllegalStateException("checksum " + sum + " != " + expected + ": a message was lost or repeated");
        }
    }
}

package dev.go4j.patterns.workerpool;

import com.softwaremill.jox.ChannelClosed;
import dev.go4j.benchmarks.Baseline;
import dev.go4j.benchmarks.Driver;
import dev.go4j.chan.Channel;
import dev.go4j.chan.ReceiveChannel;
import dev.go4j.context.Context;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
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

/**
 * 100 000 small CPU jobs on {@code workers} workers, every result collected: Go's canonical worker
 * pool. One operation is one job (submit or send, run, collect).
 *
 * <p>Compared: {@code GO4J}, the literal Go port ({@link Workers#workers}: a jobs channel of
 * capacity {@code workers} filled by a producer goroutine, the workers, a results channel);
 * {@code GO4J_POOL}, the production {@link WorkerPool} (a handle per job, counters, queue of 1024; the
 * pool made once per trial); {@code THREAD_POOL_EXECUTOR}, {@code Executors.newFixedThreadPool}
 * (platform threads, a {@code Future} per job); {@code VIRTUAL_SEMAPHORE}, a virtual thread per job
 * from {@code newVirtualThreadPerTaskExecutor}, at most {@code workers} at once by a JDK
 * {@link Semaphore}; {@code FORK_JOIN_POOL}, a {@link ForkJoinPool} of parallelism {@code workers};
 * {@code JOX}, jox channels in the same Go shape as {@code GO4J}; {@code ARRAY_BLOCKING_QUEUE}, the
 * JDK's {@link ArrayBlockingQueue}s in that shape (the queue a Java developer would put where Go has a
 * buffered channel; a "no more" marker per worker stands for {@code close}). The pools that take
 * submissions ({@code GO4J_POOL}, the executors) are fed by one thread and their futures are
 * collected in submit order. That thread, like the Go shapes' collector, is a virtual thread started
 * per invocation (Go's benchmark goroutine; see {@link Driver}). The checksum of the results is verified after every invocation. The Go
 * twin is {@code BenchmarkWorkerPool} in {@code go/workerpool}.
 *
 * <p>Run: {@code ./mvnw -Pjmh -Djmh.args="WorkerPoolBenchmark"}, or through the comparison table
 * ({@code ./mvnw -Pbench -Dbench.args="-quick WorkerPool"}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class WorkerPoolBenchmark {

    /** The pool under test. */
    public enum Impl { @Baseline GO4J, GO4J_POOL, THREAD_POOL_EXECUTOR, VIRTUAL_SEMAPHORE, FORK_JOIN_POOL, JOX, ARRAY_BLOCKING_QUEUE }

    static final int JOBS = 100_000;
    private static final Integer[] BOXED = new Integer[JOBS];
    private static final long EXPECTED;

    static {
        long sum = 0;
        for (int i = 0; i < JOBS; i++) {
            BOXED[i] = i;
            sum += work(i);
        }
        EXPECTED = sum;
    }

    @Param
    public Impl impl;

    @Param({"4", "16"})
    public int workers;

    private WorkerPool pool;
    private ExecutorService executor;
    private Semaphore slots;
    private Future<?>[] futures;
    private TaskHandle<?>[] handles;

    /** A small CPU job: a 64-bit mix of the job number (a few nanoseconds). */
    static long work(int job) {
        long x = job * 0x9E3779B97F4A7C15L;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }

    @Setup(Level.Trial)
    public void setUp() {
        futures = new Future<?>[JOBS];
        handles = new TaskHandle<?>[JOBS];
        switch (impl) {
            case GO4J_POOL -> pool = WorkerPool.builder().workers(workers).queueCapacity(1024).build();
            case THREAD_POOL_EXECUTOR -> executor = Executors.newFixedThreadPool(workers);
            case VIRTUAL_SEMAPHORE -> {
                executor = Executors.newVirtualThreadPerTaskExecutor();
                slots = new Semaphore(workers);
            }
            case FORK_JOIN_POOL -> executor = new ForkJoinPool(workers);
            default -> { }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (pool != null) {
            pool.close();
        }
        if (executor != null) {
            executor.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public long jobs() throws Exception {
        long sum = Driver.onVirtualThread(() -> switch (impl) {
            case GO4J -> goPort();
            case GO4J_POOL -> workerPool();
            case THREAD_POOL_EXECUTOR, FORK_JOIN_POOL -> executor(false);
            case VIRTUAL_SEMAPHORE -> executor(true);
            case JOX -> jox();
            case ARRAY_BLOCKING_QUEUE -> arrayBlockingQueue();
        });
        if (sum != EXPECTED) {
            throw new IllegalStateException("checksum " + sum + " != " + EXPECTED + ": a job was lost or repeated");
        }
        return sum;
    }

    private long goPort() throws InterruptedException {
        Channel<Integer> jobs = Channel.make(workers);
        Thread producer = Thread.ofVirtual().start(() -> {
            try {
                for (Integer j : BOXED) {
                    jobs.send(j);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                jobs.close();
            }
        });
        ReceiveChannel<Result<Integer, Long>> results =
                Workers.workers(Context.background(), workers, jobs, WorkerPoolBenchmark::work);
        long sum = 0;
        for (Result<Integer, Long> r; (r = results.receiveOrNull()) != null; ) {
            sum += r.value();
        }
        producer.join();
        return sum;
    }

    private long workerPool() throws Exception {
        for (int i = 0; i < JOBS; i++) {
            int job = i;
            handles[i] = pool.submit(() -> work(job));
        }
        long sum = 0;
        for (TaskHandle<?> h : handles) {
            sum += (Long) h.get();
        }
        return sum;
    }

    private long executor(boolean bounded) throws Exception {
        for (int i = 0; i < JOBS; i++) {
            int job = i;
            if (bounded) {
                slots.acquire();
                futures[i] = executor.submit(() -> {
                    try {
                        return work(job);
                    } finally {
                        slots.release();
                    }
                });
            } else {
                futures[i] = executor.submit(() -> work(job));
            }
        }
        long sum = 0;
        for (Future<?> f : futures) {
            sum += (Long) f.get();
        }
        return sum;
    }

    /** The "no more jobs" and "no more results" marker of {@link #arrayBlockingQueue()}: Go's close. */
    private static final Object DONE = new Object();

    private long arrayBlockingQueue() throws InterruptedException {
        BlockingQueue<Object> jobs = new ArrayBlockingQueue<>(workers);
        BlockingQueue<Object> results = new ArrayBlockingQueue<>(workers);
        Thread[] started = startGoShape(
                () -> {
                    for (Integer j : BOXED) {
                        jobs.put(j);
                    }
                    for (int w = 0; w < workers; w++) {
                        jobs.put(DONE); // a queue has no close: one marker per worker
                    }
                },
                () -> {
                    for (Object o; (o = jobs.take()) != DONE; ) {
                        results.put(work((Integer) o));
                    }
                },
                () -> results.put(DONE));
        long sum = 0;
        for (Object o; (o = results.take()) != DONE; ) {
            sum += (Long) o;
        }
        joinAll(started);
        return sum;
    }

    private long jox() throws InterruptedException {
        com.softwaremill.jox.Channel<Integer> jobs = com.softwaremill.jox.Channel.newBufferedChannel(workers);
        com.softwaremill.jox.Channel<Long> results = com.softwaremill.jox.Channel.newBufferedChannel(workers);
        Thread[] started = startGoShape(
                () -> {
                    for (Integer j : BOXED) {
                        jobs.send(j);
                    }
                    jobs.done();
                },
                () -> {
                    for (Object o; !((o = jobs.receiveOrClosed()) instanceof ChannelClosed); ) {
                        results.send(work((Integer) o));
                    }
                },
                results::done);
        long sum = 0;
        for (Object o; !((o = results.receiveOrClosed()) instanceof ChannelClosed); ) {
            sum += (Long) o;
        }
        joinAll(started);
        return sum;
    }

    /** A goroutine's body: code that may block. */
    @FunctionalInterface
    private interface Body {
        void run() throws InterruptedException;
    }

    /**
     * Starts the goroutines of Go's canonical pool on queues other than go4j's, around a collector that
     * the caller runs: the producer, {@code workers} copies of {@code worker}, and the closer
     * ({@code go func() { wg.Wait(); close(results) }()}) that runs {@code closeResults} once every
     * worker has returned. Returns the producer and the closer, for the caller to join.
     */
    private Thread[] startGoShape(Body producer, Body worker, Body closeResults) {
        Thread p = go(producer);
        Thread[] ws = new Thread[workers];
        for (int w = 0; w < workers; w++) {
            ws[w] = go(worker);
        }
        Thread closer = go(() -> {
            joinAll(ws);
            closeResults.run();
        });
        return new Thread[] {p, closer};
    }

    /** Starts a virtual thread running {@code body}; an interrupt ends it with its flag set. */
    private static Thread go(Body body) {
        return Thread.ofVirtual().start(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static void joinAll(Thread[] threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
    }
}

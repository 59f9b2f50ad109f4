package dev.go4j.chan;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the sides of a producer/consumer workload on fresh threads and joins them: the goroutines of
 * one benchmark invocation.
 *
 * <p>The calling (JMH) thread starts one thread per task (virtual, Go's goroutine, unless a benchmark
 * compares platform threads), waits for all of them and returns the sum of
 * their results. A task that throws fails the invocation, and its siblings are interrupted so they do
 * not wait forever for a partner that is gone; a workload that does not finish in {@link #TIMEOUT}
 * (a lost message leaves a consumer waiting) fails too, instead of hanging the run.
 */
final class Workers {

    /** Far above any healthy invocation (milliseconds), even on a loaded machine. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** One side of the workload; its result (a checksum, or 0) is added to the others'. */
    @FunctionalInterface
    interface Task {
        long run() throws Exception;
    }

    private Workers() {}

    /**
     * Runs every task on its own thread made by {@code builder} and returns the sum of their results.
     *
     * @throws IllegalStateException if a task failed or the tasks did not finish within {@link #TIMEOUT}
     * @throws InterruptedException if the calling thread is interrupted (the workers are interrupted too)
     */
    static long run(Thread.Builder builder, Task... tasks) throws InterruptedException {
        Thread[] threads = new Thread[tasks.length];
        long[] results = new long[tasks.length];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < tasks.length; i++) {
            Task task = tasks[i];
            int slot = i;
            threads[i] = builder.unstarted(() -> {
                try {
                    results[slot] = task.run(); // read after join: join happens-after the write
                } catch (Throwable t) {
                    if (failure.compareAndSet(null, t)) {
                        interruptAll(threads); // partners blocked on this task would wait forever
                    }
                }
            });
        }
        for (Thread t : threads) {
            t.start();
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            for (Thread t : threads) {
                long left = deadline - System.nanoTime();
                if (left <= 0L || !t.join(Duration.ofNanos(left))) {
                    interruptAll(threads);
                    throw new IllegalStateException("workers did not finish within " + TIMEOUT.toSeconds() + " s"
                            + ": a message was lost or a thread is stuck");
                }
            }
        } catch (InterruptedException e) {
            interruptAll(threads); // JMH's own timeout: leave no thread behind
            throw e;
        }
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("a worker failed: " + t, t);
        }
        long sum = 0L;
        for (long r : results) {
            sum += r;
        }
        return sum;
    }

    private static void interruptAll(Thread[] threads) {
        Thread me = Thread.currentThread();
        for (Thread t : threads) {
            if (t != me) {
                t.interrupt();
            }
        }
    }
}

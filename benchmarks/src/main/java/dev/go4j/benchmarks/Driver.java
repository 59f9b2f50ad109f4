package dev.go4j.benchmarks;

import java.util.concurrent.Callable;

/**
 * Runs a benchmark's driving code (the code a Go benchmark runs in its own goroutine: start the
 * stages, collect the results) on a virtual thread, and waits for it on the JMH thread.
 *
 * <p>Why: in Go every hand-off is between goroutines. A JMH thread is a platform thread, and a
 * platform thread that waits on a channel parks in the operating system (a futex wait and wake,
 * microseconds), where a virtual thread unmounts and is resubmitted to its scheduler. Collecting on
 * the JMH thread would measure that operating-system hand-off once per message, for every library
 * alike, instead of the hand-offs between goroutines the Go twin measures.
 */
public final class Driver {
    private Driver() {}

    /**
     * Runs {@code body} on a new virtual thread and returns its result, or throws what it threw.
     *
     * @param <T> the result type
     * @param body the benchmark's driving code
     * @return what {@code body} returned
     * @throws Exception what {@code body} threw
     */
    public static <T> T onVirtualThread(Callable<T> body) throws Exception {
        Object[] outcome = new Object[2];
        Thread t = Thread.ofVirtual().name("benchmark-driver").start(() -> {
            try {
                outcome[0] = body.call();
            } catch (Throwable e) {
                outcome[1] = e;
            }
        });
        t.join(); // happens-before: the outcome written by t is visible here
        if (outcome[1] instanceof Exception e) {
            throw e;
        }
        if (outcome[1] instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T result = (T) outcome[0];
        return result;
    }
}

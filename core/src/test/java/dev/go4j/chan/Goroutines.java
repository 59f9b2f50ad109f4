package dev.go4j.chan;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The goroutines of one ported Go test: each {@link #go} starts a virtual thread, a failure in any of
 * them (Go's {@code t.Fatal} from a goroutine) is kept and rethrown by {@link #join()}, and
 * {@link #close()} interrupts whatever still runs (Go's test binary would just exit) and joins it, so no
 * test leaves a thread behind.
 */
final class Goroutines implements AutoCloseable {
    static final Duration PATIENCE = Duration.ofSeconds(60);

    /** A goroutine body; may block and throw. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private final List<Thread> threads = new ArrayList<>();
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

    /** Go: {@code go f()}. */
    Thread go(Body body) {
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                // stopped by close(): the Go test's process would have exited
            } catch (Throwable e) {
                failures.add(e);
            }
        });
        synchronized (threads) {
            threads.add(t);
        }
        return t;
    }

    /** Waits until {@code t} is parked in a channel operation (Go: "let the goroutine block"). */
    static void awaitBlocked(Thread t) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(1)).until(() -> {
            Thread.State s = t.getState();
            return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.TERMINATED;
        });
        if (t.getState() == Thread.State.TERMINATED) {
            throw new AssertionError("expected " + t + " to block, but it ended");
        }
    }

    /** Joins every goroutine started so far and rethrows the first failure. */
    void join() throws InterruptedException {
        List<Thread> all;
        synchronized (threads) {
            all = new ArrayList<>(threads);
        }
        for (Thread t : all) {
            if (!t.join(PATIENCE)) {
                throw new AssertionError(t + " did not end within " + PATIENCE + ": deadlock? state "
                        + t.getState());
            }
        }
        rethrow();
    }

    /** Rethrows the first failure of a goroutine, if any. */
    void rethrow() {
        Throwable first = failures.peek();
        if (first instanceof Error e) {
            throw e;
        }
        if (first != null) {
            throw new AssertionError("a goroutine failed", first);
        }
    }

    @Override
    public void close() throws InterruptedException {
        int done = 0;
        for (;;) { // goroutines may start goroutines: repeat until no new one appeared
            List<Thread> all;
            synchronized (threads) {
                all = new ArrayList<>(threads.subList(done, threads.size()));
            }
            if (all.isEmpty()) {
                break;
            }
            for (Thread t : all) {
                t.interrupt();
            }
            for (Thread t : all) {
                if (!t.join(PATIENCE)) {
                    throw new AssertionError(t + " ignored its interrupt for " + PATIENCE.toSeconds() + " s");
                }
            }
            done += all.size();
        }
        rethrow();
    }
}

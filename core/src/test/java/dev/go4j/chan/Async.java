package dev.go4j.chan;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a blocking call on a virtual thread so a test can see it block, then complete. Waits with
 * Awaitility and generous bounds: nothing here depends on the machine being idle.
 */
final class Async<V> {
    static final Duration PATIENCE = Duration.ofSeconds(30);

    final Thread thread;
    final CompletableFuture<V> result = new CompletableFuture<>();

    private Async(Callable<V> call) {
        thread = Thread.ofVirtual().start(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
    }

    static <V> Async<V> start(Callable<V> call) {
        return new Async<>(call);
    }

    /** Waits until the call is parked (blocked), which is how a Go goroutine "blocks forever". */
    Async<V> awaitParked() {
        await().atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> {
            Thread.State s = thread.getState();
            return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || result.isDone();
        });
        if (result.isDone()) {
            throw new AssertionError("expected the call to block, but it completed: " + result);
        }
        return this;
    }

    V get() throws Exception {
        return result.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    Throwable failure() throws Exception {
        try {
            V v = get();
            throw new AssertionError("expected a failure, got " + v);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
    }
}

package dev.go4j.patterns.http;

import com.sun.net.httpserver.HttpHandler;
import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.time.Clock;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A deadline for each request that is enforced, not merely announced: Go's
 * {@code http.TimeoutHandler} together with {@code context.WithTimeout(r.Context(), d)}.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>The handler gets a request context that expires after the timeout
 *       ({@link RequestExchange#context(com.sun.net.httpserver.HttpExchange)}): pass it to every
 *       blocking call.</li>
 *   <li>At the deadline, if the handler has not sent a status yet, the client gets 503 (or the status
 *       chosen, such as 504) with {@code request timed out} at once, and the exchange is closed; the
 *       handler's later {@code sendResponseHeaders} and writes throw {@link IOException}. Then the
 *       handler's thread is <em>interrupted</em>, so a handler blocked in a JDK call (a socket read, a
 *       {@code sleep}, a lock, a queue) stops instead of running on with nobody waiting. A timeout
 *       that only cancels a context nobody reads is not a timeout.</li>
 *   <li>If the response had already started, the client's response cannot be replaced: the handler is
 *       interrupted all the same and whatever it throws propagates (through {@link Recovery} the
 *       connection is dropped).</li>
 *   <li>The interrupt reaches the handler only while it runs: when it returns, any pending interrupt
 *       is cleared, so the server's own code after the handler never sees it.</li>
 *   <li>What it cannot do: stop a handler that neither blocks interruptibly nor reads its context (a
 *       CPU loop). That handler keeps its thread until it ends, after its client got the 503.</li>
 * </ul>
 *
 * <p>Thread safety: immutable; safe for concurrent use. The 503 is sent from a timer goroutine;
 * exactly one of the handler and the timeout sends a status line.
 *
 * <p>Bad input: a null or non-positive timeout throws; a status outside 500..599 throws
 * {@link IllegalArgumentException}.
 *
 * @implNote One context with a timer and one {@code afterFunc} registration per request; the timer is
 * released when the handler returns first.
 * @since 0.1.0
 */
public final class Timeout implements Middleware {
    private final Duration timeout;
    private final int status;
    private final Clock clock;

    private Timeout(Duration timeout, int status, Clock clock) {
        Objects.requireNonNull(timeout, "timeout");
        if (!timeout.isPositive()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        if (status < 500 || status > 599) {
            throw new IllegalArgumentException("status must be a 5xx code such as 503 or 504, was " + status);
        }
        this.timeout = timeout;
        this.status = status;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A timeout that answers 503, on the system clock.
     *
     * @param timeout how long a request may take, positive
     * @return the middleware
     */
    public static Timeout of(Duration timeout) {
        return new Timeout(timeout, 503, Clock.system());
    }

    /**
     * A timeout that answers {@code status} (504 behind a gateway that expects it), on {@code clock}.
     *
     * @param timeout how long a request may take, positive
     * @param status the 5xx status to answer
     * @param clock the clock that measures the timeout
     * @return the middleware
     */
    public static Timeout of(Duration timeout, int status, Clock clock) {
        return new Timeout(timeout, status, clock);
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        Objects.requireNonNull(next, "next");
        return ex -> {
            RequestExchange r = RequestExchange.of(ex);
            Guard guard = new Guard(Thread.currentThread());
            try (CancelableContext ctx = Context.withTimeout(r.context(), timeout, clock)) {
                Context.StopFunc stop = Context.afterFunc(ctx, () -> {
                    if (ctx.err() instanceof dev.go4j.context.DeadlineExceededException) {
                        guard.timedOut = r.answerInstead(status, "request timed out", "timeout");
                        guard.interrupt();
                    }
                });
                try {
                    next.handle(r.withContext(ctx));
                } catch (IOException | RuntimeException failure) {
                    if (!guard.timedOut) {
                        throw failure;
                    }
                    // The client got the timeout answer: this is the interrupted handler giving up.
                } finally {
                    stop.stop();
                    guard.finish();
                }
            }
        };
    }

    /** Interrupts the handler's thread only while the handler runs. */
    private static final class Guard {
        private final ReentrantLock lock = new ReentrantLock();
        private final Thread handler;
        private boolean done;
        private boolean interrupted;
        volatile boolean timedOut;

        Guard(Thread handler) {
            this.handler = handler;
        }

        void interrupt() {
            lock.lock();
            try {
                if (!done) {
                    interrupted = true;
                    handler.interrupt();
                }
            } finally {
                lock.unlock();
            }
        }

        void finish() {
            lock.lock();
            try {
                done = true;
            } finally {
                lock.unlock();
            }
            if (interrupted) {
                Thread.interrupted(); // ours, not the server's: clear it
            }
        }
    }

    @Override
    public String toString() {
        return "Timeout(" + timeout + ", " + status + ")";
    }
}

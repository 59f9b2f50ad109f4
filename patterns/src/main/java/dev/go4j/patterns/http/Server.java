package dev.go4j.patterns.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.go4j.context.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The JDK's {@link HttpServer} set up for production: a virtual thread per exchange, every exchange
 * counted, and a {@link #shutdown(Context)} that returns as soon as the last one finishes. Go:
 * {@code http.Server} with {@code srv.Shutdown(ctx)}.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@link #handle(String, HttpHandler)} mounts a handler on a path (the JDK's longest-prefix
 *       {@code createContext}) behind a filter that counts in-flight exchanges. Mount every route
 *       through it, or shutdown cannot see that route's exchanges.</li>
 *   <li>{@link #shutdown(Context)}: from then on every new request, on a new connection or a kept-alive
 *       one, is refused (the listener is closed; a request already on an open connection gets 503
 *       with {@code Connection: close}); the call returns when the exchanges in flight have all
 *       finished, or when {@code ctx} is done, whichever comes first; then every connection is closed
 *       and handlers still running are interrupted. Go's {@code Shutdown} likewise returns
 *       {@code ctx.Err()} when the context ends first.</li>
 *   <li>Why not {@code HttpServer.stop(delay)} alone: on some JDK 21 builds it waits the whole delay
 *       even when no exchange is in flight (JDK-8304065), and it waits the whole delay after a
 *       handler threw (JDK-8377302), because the server's own count of exchanges misses them. The
 *       filter's count does not.</li>
 *   <li>The JDK server's time limits are JVM-wide system properties read once, when the first server
 *       of the JVM starts: set them with {@link ServerLimits#apply()} at the top of {@code main}.</li>
 * </ul>
 *
 * <p>Thread safety: safe for use from any thread; {@code handle} before {@code start}.
 *
 * <p>Bad input: null arguments throw {@link NullPointerException}.
 *
 * <p>Example:
 * {@snippet class=dev.go4j.patterns.http.MiddlewareSnippets region=server}
 *
 * @implNote The count is an {@link AtomicInteger}; a finishing exchange takes a lock only when the
 * server is stopping and the count reaches zero, to wake the waiting {@code shutdown}.
 * @since 0.1.0
 */
public final class Server implements AutoCloseable {
    /* Implementation overview
     *
     * Enter: inFlight++, then read stopping. Shutdown: stopping = true, then read inFlight. Both are
     * volatile (sequentially consistent), so either the exchange sees stopping and backs out, or the
     * shutdown sees it counted and waits for it: no exchange slips past an idle-looking server.
     * Exit: inFlight--, and if that made it 0 while stopping, signal under the lock; the waiter
     * re-reads the count under the same lock before each await, so the signal is never lost. The
     * context's afterFunc signals the same condition at the deadline. */

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final Filter counter = new Counter();
    private volatile boolean stopping;

    private Server(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
    }

    /**
     * Creates a server bound to {@code address}, not started.
     *
     * @param address where to listen; port 0 picks a free port
     * @return the server
     * @throws IOException if the address cannot be bound
     * @throws NullPointerException if {@code address} is null
     */
    public static Server create(InetSocketAddress address) throws IOException {
        return create(address, 0);
    }

    /**
     * Creates a server bound to {@code address} with a listen backlog, not started.
     *
     * @param address where to listen; port 0 picks a free port
     * @param backlog the most connections waiting to be accepted; 0 for the system default
     * @return the server
     * @throws IOException if the address cannot be bound
     * @throws NullPointerException if {@code address} is null
     */
    public static Server create(InetSocketAddress address, int backlog) throws IOException {
        return new Server(HttpServer.create(Objects.requireNonNull(address, "address"), backlog));
    }

    /**
     * Mounts {@code handler} on {@code path}, counted for shutdown.
     *
     * @param path the path prefix, such as {@code "/api/"}
     * @param handler the handler, usually a {@link Middleware#chain}
     * @return this
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the path is already mounted
     */
    public Server handle(String path, HttpHandler handler) {
        server.createContext(Objects.requireNonNull(path, "path"), Objects.requireNonNull(handler, "handler"))
                .getFilters().add(counter);
        return this;
    }

    /**
     * Starts accepting connections.
     *
     * @return this
     */
    public Server start() {
        server.start();
        return this;
    }

    /**
     * The bound address, with the real port when 0 was asked for.
     *
     * @return the address
     */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /**
     * Exchanges being handled now.
     *
     * @return the count
     */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * The underlying JDK server, for settings this class does not cover.
     *
     * @return the server
     */
    public HttpServer httpServer() {
        return server;
    }

    /**
     * Go's {@code srv.Shutdown(ctx)}: refuses new requests, waits for the exchanges in flight to finish
     * or for {@code ctx} to end, then closes every connection and interrupts handlers still running.
     *
     * @param ctx bounds the wait, usually with a deadline
     * @return true if every exchange finished; false if {@code ctx} ended first
     * @throws InterruptedException if interrupted while waiting (the server is then closed at once)
     * @throws NullPointerException if {@code ctx} is null
     */
    public boolean shutdown(Context ctx) throws InterruptedException {
        Objects.requireNonNull(ctx, "ctx");
        stopping = true;
        // HttpServer.stop closes the listener at once, then waits up to its delay; run it beside us and
        // interrupt it when our own count says the exchanges are done (JDK 22+ ends the wait on
        // interrupt; where it does not, it returns by the context's deadline).
        Thread stopper = Thread.ofVirtual().name("http-server-stop").start(() -> server.stop(delaySeconds(ctx)));
        Context.StopFunc wake = Context.afterFunc(ctx, this::signalIdle);
        boolean drained;
        try {
            lock.lock();
            try {
                while (inFlight.get() > 0 && ctx.err() == null) {
                    idle.await();
                }
                drained = inFlight.get() == 0;
            } finally {
                lock.unlock();
            }
        } finally {
            wake.stop();
            stopper.interrupt();
            joinUninterruptibly(stopper);
            executor.shutdownNow();
        }
        return drained;
    }

    /**
     * Closes at once: refuses new requests, closes every connection, interrupts running handlers.
     */
    @Override
    public void close() {
        stopping = true;
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * A readiness endpoint: 200 {@code ok} while {@code ready} says true, 503 {@code shutting down}
     * after, with {@code Connection: close}. Mount it outside the authenticated routes; pass
     * {@code shutdown::isReady} of a {@link dev.go4j.patterns.shutdown.Shutdown}.
     *
     * @param ready whether to accept traffic
     * @return the handler
     * @throws NullPointerException if {@code ready} is null
     */
    public static HttpHandler readiness(BooleanSupplier ready) {
        Objects.requireNonNull(ready, "ready");
        return ex -> {
            try (ex) {
                if (ready.getAsBoolean()) {
                    reply(ex, 200, "ok");
                } else {
                    ex.getResponseHeaders().set("Connection", "close");
                    reply(ex, 503, "shutting down");
                }
            }
        };
    }

    static void reply(HttpExchange ex, int code, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * The delay for {@code HttpServer.stop}: the context's time left on the wall clock, rounded up, as
     * a bound for JDK builds whose stop ignores the interrupt. A deadline that looks past while the
     * context is not done belongs to another clock (a test's manual clock): no bound then.
     */
    private static int delaySeconds(Context ctx) {
        if (ctx.err() != null) {
            return 0;
        }
        Instant deadline = ctx.deadline().orElse(null);
        if (deadline == null) {
            return Integer.MAX_VALUE;
        }
        Duration left = Duration.between(Instant.now(), deadline);
        if (!left.isPositive()) {
            return Integer.MAX_VALUE;
        }
        long s = left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
        return (int) Math.min(s, Integer.MAX_VALUE);
    }

    /** Joins {@code t}, keeping an interrupt for later; also used by {@link Fetcher}. */
    static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void signalIdle() {
        lock.lock();
        try {
            idle.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private final class Counter extends Filter {
        @Override
        public void doFilter(HttpExchange ex, Chain chain) throws IOException {
            inFlight.incrementAndGet();
            try {
                if (stopping) {
                    // Arrived after shutdown began (a kept-alive connection): refuse, and close it.
                    try (ex) {
                        ex.getResponseHeaders().set("Connection", "close");
                        reply(ex, 503, "shutting down");
                    }
                    return;
                }
                chain.doFilter(ex);
            } finally {
                if (inFlight.decrementAndGet() == 0 && stopping) {
                    signalIdle();
                }
            }
        }

        @Override
        public String description() {
            return "counts in-flight exchanges for graceful shutdown";
        }
    }

    @Override
    public String toString() {
        return "Server[" + address() + ", inFlight=" + inFlight.get() + (stopping ? ", stopping]" : "]");
    }
}

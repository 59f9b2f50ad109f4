package dev.go4j.patterns.http;

import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;

/**
 * Turns an exception thrown by a handler into a 500, logged once with the request id and the stack:
 * Go's {@code recover()} in chi's {@code middleware.Recoverer}.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>Nothing sent yet: the failure is logged at {@code ERROR} and the client gets
 *       {@code 500 internal server error}; the exchange is closed, so the connection is not left
 *       hanging.</li>
 *   <li>The response had started (a stream cut half-way): the failure is logged and rethrown, so the
 *       JDK server drops the connection. The client sees a truncated response fail, rather than a
 *       complete-looking one that is silently short (which closing a chunked stream would send).</li>
 *   <li>{@link VirtualMachineError}s other than {@link StackOverflowError} (out of memory, an internal
 *       error) are rethrown untouched: the JVM is in no state to serve.</li>
 * </ul>
 * Place it right after {@link RequestId} (so the log line has the id) and outside {@link AccessLog}
 * (so the access log records the 500, not a request with no status).
 *
 * <p>Logging goes through {@link System.Logger} (which SLF4J, Log4j and JUL all back); never to
 * {@code System.out}.
 *
 * <p>Thread safety: immutable; safe for concurrent use.
 *
 * @since 0.1.0
 */
public final class Recovery implements Middleware {
    private final Logger logger;

    private Recovery(Logger logger) {
        this.logger = logger;
    }

    /**
     * Logs to the {@code System.Logger} named {@code dev.go4j.patterns.http.Recovery}.
     *
     * @return the middleware
     */
    public static Recovery create() {
        return new Recovery(System.getLogger(Recovery.class.getName()));
    }

    /**
     * Logs to {@code logger}.
     *
     * @param logger where failures go
     * @return the middleware
     * @throws NullPointerException if {@code logger} is null
     */
    public static Recovery loggingTo(Logger logger) {
        return new Recovery(Objects.requireNonNull(logger, "logger"));
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        Objects.requireNonNull(next, "next");
        return ex -> {
            RequestExchange r = RequestExchange.of(ex);
            try {
                next.handle(r);
            } catch (VirtualMachineError fatal) {
                if (!(fatal instanceof StackOverflowError)) {
                    throw fatal;
                }
                recover(r, fatal);
            } catch (RuntimeException | IOException | Error failure) {
                recover(r, failure);
            }
        };
    }

    private void recover(RequestExchange r, Throwable failure) throws IOException {
        logger.log(Level.ERROR, () -> "panic serving request_id=" + RequestId.get(r) + " method="
                + r.getRequestMethod() + " path=" + r.getRequestURI().getRawPath() + ": " + failure, failure);
        if (r.answerInstead(500, "internal server error", "recovery")) {
            return;
        }
        // The status line is out: let the server drop the connection (see the class comment).
        if (failure instanceof IOException io) {
            throw io;
        }
        throw new IOException("handler failed after the response started", failure);
    }

    @Override
    public String toString() {
        return "Recovery(" + logger.getName() + ")";
    }
}

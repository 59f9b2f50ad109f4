package dev.go4j.patterns.http;

import com.sun.net.httpserver.HttpHandler;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Logs one structured record per request: method, path, status, bytes, duration, request id, remote
 * address and user agent. Go: chi's {@code middleware.Logger}, or an {@code slog} access log.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>The record is written when the handler returns (or throws), with the status and byte count
 *       the handler actually sent, counted as the body streams: wrapping the response never buffers
 *       it. A handler that threw before sending anything is recorded as 500, the answer
 *       {@link Recovery} (outside this middleware) gives it; a status of 0 means the handler returned
 *       without answering.</li>
 *   <li>By default the record goes to the {@link System.Logger} named
 *       {@code dev.go4j.patterns.http.AccessLog} at {@code INFO} as logfmt key-value pairs
 *       ({@code method=GET path=/x status=200 bytes=12 duration=1.2ms ...}); {@link #to(Consumer)}
 *       hands the {@link Entry} to code of your own instead, for example SLF4J 2's
 *       {@code logger.atInfo().addKeyValue(...)}. Nothing is ever printed to {@code System.out}.</li>
 *   <li>The path is logged without the query string, which often holds tokens.</li>
 * </ul>
 *
 * <p>Thread safety: immutable; safe for concurrent use if the sink is.
 *
 * @implNote Two {@code System.nanoTime()} reads and one record per request; the logfmt line is built
 * only if the logger's level is enabled.
 * @since 0.1.0
 */
public final class AccessLog implements Middleware {

    /**
     * One request.
     *
     * @param method the request method
     * @param path the raw path, without the query
     * @param status the status sent, 0 if none
     * @param bytes the body bytes sent
     * @param duration from entering this middleware to the handler's return
     * @param requestId the request id, or null without {@link RequestId}
     * @param remote the peer's address and port
     * @param userAgent the {@code User-Agent} header, or null
     * @since 0.1.0
     */
    public record Entry(String method, String path, int status, long bytes, Duration duration, String requestId,
            InetSocketAddress remote, String userAgent) {

        /**
         * The entry in logfmt: {@code key=value} pairs, values with spaces or quotes quoted.
         *
         * @return the line
         */
        public String logfmt() {
            return "method=" + q(method) + " path=" + q(path) + " status=" + status + " bytes=" + bytes
                    + " duration=" + (duration.toNanos() / 1000) / 1000.0 + "ms request_id=" + q(requestId)
                    + " remote=" + q(remote == null ? null : remote.getAddress().getHostAddress() + ":"
                            + remote.getPort())
                    + " user_agent=" + q(userAgent);
        }

        private static String q(String v) {
            if (v == null) {
                return "-";
            }
            boolean plain = !v.isEmpty();
            for (int i = 0; i < v.length() && plain; i++) {
                char c = v.charAt(i);
                plain = c > ' ' && c != '"' && c != '=' && c != '\\' && c < 0x7f;
            }
            if (plain) {
                return v;
            }
            StringBuilder b = new StringBuilder(v.length() + 2).append('"');
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < ' ' || c == 0x7f) {
                    b.append(String.format("\\u%04x", (int) c)); // no forged log lines
                } else {
                    b.append(c);
                }
            }
            return b.append('"').toString();
        }
    }

    private final Consumer<Entry> sink;
    private final String description;

    private AccessLog(Consumer<Entry> sink, String description) {
        this.sink = sink;
        this.description = description;
    }

    /**
     * Logs to the {@code System.Logger} named {@code dev.go4j.patterns.http.AccessLog} at {@code INFO}.
     *
     * @return the middleware
     */
    public static AccessLog create() {
        return to(System.getLogger(AccessLog.class.getName()), Level.INFO);
    }

    /**
     * Logs logfmt lines to {@code logger} at {@code level}.
     *
     * @param logger the logger
     * @param level the level
     * @return the middleware
     * @throws NullPointerException if an argument is null
     */
    public static AccessLog to(Logger logger, Level level) {
        Objects.requireNonNull(logger, "logger");
        Objects.requireNonNull(level, "level");
        return new AccessLog(e -> {
            if (logger.isLoggable(level)) {
                logger.log(level, e.logfmt());
            }
        }, logger.getName());
    }

    /**
     * Hands each record to {@code sink}, on the request's thread.
     *
     * @param sink receives one entry per request; must not throw
     * @return the middleware
     * @throws NullPointerException if {@code sink} is null
     */
    public static AccessLog to(Consumer<Entry> sink) {
        return new AccessLog(Objects.requireNonNull(sink, "sink"), "custom sink");
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        Objects.requireNonNull(next, "next");
        return ex -> {
            long start = System.nanoTime();
            RequestExchange r = RequestExchange.of(ex);
            boolean failed = true;
            try {
                next.handle(r);
                failed = false;
            } finally {
                int status = r.status();
                if (status == 0 && failed) {
                    status = 500; // what Recovery, outside this middleware, is about to answer
                }
                sink.accept(new Entry(r.getRequestMethod(), r.getRequestURI().getRawPath(), status,
                        r.bytesWritten(), Duration.ofNanos(System.nanoTime() - start), RequestId.get(r),
                        r.getRemoteAddress(), r.getRequestHeaders().getFirst("User-Agent")));
            }
        };
    }

    @Override
    public String toString() {
        return "AccessLog(" + description + ")";
    }
}

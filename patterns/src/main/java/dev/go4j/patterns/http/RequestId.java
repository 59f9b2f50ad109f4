package dev.go4j.patterns.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.go4j.context.Context;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Gives every request an id: the client's {@code X-Request-ID} if it is well formed, else a new one;
 * put in the request {@link Context} for the handler and every later middleware, and echoed in the
 * response. Go: chi's {@code middleware.RequestID} with {@code middleware.GetReqID(ctx)}.
 *
 * <p>Semantics: an incoming id is kept only if it is 1 to 128 characters of {@code [A-Za-z0-9._:-]}
 * (anything else could forge log lines or blow up log storage) and if this middleware was created
 * with {@link #trustingIncoming()}; otherwise a new id of 32 hex digits is made. Put it first in the
 * chain: a middleware outside it, such as a recovery that logs a failure, cannot see the id.
 *
 * <p>Thread safety: immutable; safe for concurrent use.
 *
 * @implNote A new id is two {@link ThreadLocalRandom} longs (not a {@code SecureRandom}: an id is a
 * correlation key, not a secret) and one 32-character string.
 * @since 0.1.0
 */
public final class RequestId implements Middleware {
    /** The header read and written: {@value}. */
    public static final String HEADER = "X-Request-ID";

    private static final Context.Key<String> KEY = new Context.Key<>("requestID");
    private static final int MAX_LENGTH = 128;

    private final boolean trustIncoming;

    private RequestId(boolean trustIncoming) {
        this.trustIncoming = trustIncoming;
    }

    /**
     * Keeps a well-formed incoming {@code X-Request-ID} (from a gateway or a calling service), else
     * makes one.
     *
     * @return the middleware
     */
    public static RequestId trustingIncoming() {
        return new RequestId(true);
    }

    /**
     * Always makes a new id: for a server that faces clients directly.
     *
     * @return the middleware
     */
    public static RequestId generating() {
        return new RequestId(false);
    }

    /**
     * The request id in {@code ctx}: Go's {@code middleware.GetReqID(ctx)}.
     *
     * @param ctx a request context
     * @return the id, or null if no {@code RequestId} middleware ran
     */
    public static String get(Context ctx) {
        return Objects.requireNonNull(ctx, "ctx").value(KEY);
    }

    /**
     * The request id of {@code exchange}.
     *
     * @param exchange an exchange passed on by a {@code RequestId} middleware, or one inside it
     * @return the id, or null
     */
    public static String get(HttpExchange exchange) {
        return get(RequestExchange.context(exchange));
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        Objects.requireNonNull(next, "next");
        return ex -> {
            RequestExchange r = RequestExchange.of(ex);
            String id = trustIncoming ? r.getRequestHeaders().getFirst(HEADER) : null;
            if (!wellFormed(id)) {
                id = newId();
            }
            r.getResponseHeaders().set(HEADER, id);
            next.handle(r.withContext(Context.withValue(r.context(), KEY, id)));
        };
    }

    static boolean wellFormed(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static String newId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return hex16(r.nextLong()) + hex16(r.nextLong());
    }

    private static String hex16(long v) {
        String s = Long.toHexString(v);
        return "0".repeat(16 - s.length()) + s;
    }

    @Override
    public String toString() {
        return trustIncoming ? "RequestId(trusting incoming)" : "RequestId(generating)";
    }
}

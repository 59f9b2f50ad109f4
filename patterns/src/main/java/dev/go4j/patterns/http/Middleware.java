package dev.go4j.patterns.http;

import com.sun.net.httpserver.HttpHandler;
import java.util.Objects;

/**
 * A handler decorator: Go's {@code func(http.Handler) http.Handler}, over the JDK server's
 * {@link HttpHandler}.
 *
 * <p>{@link #chain(HttpHandler, Middleware...)} builds the onion: the first middleware listed runs
 * first on the way in and last on the way out, as in Go's {@code alice.New(a, b, c).Then(h)} or chi's
 * {@code r.Use(a, b, c)}. The recommended order of the standard set, and what breaks in any other, is
 * in {@code docs/http.md}: {@link RequestId}, {@link Recovery}, {@link AccessLog}, {@link Timeout},
 * {@link Cors}, {@link RateLimit}, {@link BearerAuth}.
 *
 * <p>A middleware passes the request on with {@code next.handle(exchange)}; to add to the request
 * context it passes {@code RequestExchange.of(exchange).withContext(ctx)} instead. It must either pass
 * the request on or answer it, never both.
 *
 * <p>Thread safety: the middleware and the handlers it returns are shared by every request: they
 * must be safe for concurrent use.
 *
 * <p>Example:
 * {@snippet class=dev.go4j.patterns.http.MiddlewareSnippets region=chain}
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Middleware {

    /**
     * Wraps {@code next}.
     *
     * @param next the handler to call on the way in
     * @return the wrapping handler
     */
    HttpHandler wrap(HttpHandler next);

    /**
     * {@code handler} wrapped by {@code middlewares}, the first listed outermost.
     *
     * @param handler the handler at the centre
     * @param middlewares the middleware, outermost first
     * @return the chained handler ({@code handler} itself if there is no middleware)
     * @throws NullPointerException if an argument or a middleware is null, or one returns null
     */
    static HttpHandler chain(HttpHandler handler, Middleware... middlewares) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(middlewares, "middlewares");
        HttpHandler h = handler;
        for (int i = middlewares.length - 1; i >= 0; i--) {
            Middleware m = Objects.requireNonNull(middlewares[i], "middlewares[" + i + "]");
            h = Objects.requireNonNull(m.wrap(h), "middlewares[" + i + "] returned null");
        }
        return h;
    }

    /**
     * This middleware, then {@code inner}: {@code a.andThen(b)} is {@code chain(h, a, b)}.
     *
     * @param inner the middleware inside this one
     * @return the composed middleware
     * @throws NullPointerException if {@code inner} is null
     */
    default Middleware andThen(Middleware inner) {
        Objects.requireNonNull(inner, "inner");
        return next -> wrap(inner.wrap(next));
    }
}

package dev.go4j.patterns.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.go4j.context.Context;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Bearer-token authentication for the routes it wraps: the token in {@code Authorization: Bearer ...}
 * is checked by a verify function, the user it returns is put in the request context, and anything
 * else gets 401. Go: the {@code authMiddleware} every service writes, with the user stored under an
 * unexported context key.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>No {@code Authorization} header, another scheme, an empty token, or a verify function that
 *       returns empty: 401 with {@code WWW-Authenticate: Bearer realm="..."} (and
 *       {@code error="invalid_token"} when a token was refused); the handler is not called.</li>
 *   <li>A verify function that throws: the exception propagates (to {@link Recovery}: a 500), because
 *       an auth back end that is down is not the client's fault.</li>
 *   <li>Apply it per route, not around the whole server: {@code server.handle("/api/", chain(api, ...,
 *       auth))} beside {@code server.handle("/healthz", health)}. Around everything, it locks the load
 *       balancer's health checks out and the instance is taken out of service.</li>
 *   <li>Place it after {@link Cors} (a browser's preflight carries no credentials and must not get
 *       401) and after {@link RateLimit} (so failed logins are limited too and token checks cannot be
 *       flooded).</li>
 * </ul>
 *
 * <p>Thread safety: immutable; the verify function must be safe for concurrent use.
 *
 * @param <U> the user type the verify function returns
 * @since 0.1.0
 */
public final class BearerAuth<U> implements Middleware {
    private final Function<String, Optional<U>> verify;
    private final String realm;
    private final Context.Key<U> key = new Context.Key<>("user");

    private BearerAuth(Function<String, Optional<U>> verify, String realm) {
        this.verify = Objects.requireNonNull(verify, "verify");
        this.realm = Objects.requireNonNull(realm, "realm");
        if (realm.indexOf('"') >= 0 || realm.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("realm must not contain quotes or backslashes, was " + realm);
        }
    }

    /**
     * Checks tokens with {@code verify}, realm {@code api}.
     *
     * @param <U> the user type
     * @param verify maps a token to its user, or empty if the token is not valid; never null
     * @return the middleware
     * @throws NullPointerException if {@code verify} is null
     */
    public static <U> BearerAuth<U> verifying(Function<String, Optional<U>> verify) {
        return new BearerAuth<>(verify, "api");
    }

    /**
     * Checks tokens with {@code verify}, naming {@code realm} in the challenge.
     *
     * @param <U> the user type
     * @param verify maps a token to its user, or empty
     * @param realm the realm, without quotes
     * @return the middleware
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code realm} contains a quote or a backslash
     */
    public static <U> BearerAuth<U> verifying(Function<String, Optional<U>> verify, String realm) {
        return new BearerAuth<>(verify, realm);
    }

    /**
     * The authenticated user of a request that passed this middleware.
     *
     * @param exchange the exchange the handler received
     * @return the user, or null if this middleware did not authenticate the request
     */
    public U user(HttpExchange exchange) {
        return RequestExchange.context(exchange).value(key);
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        Objects.requireNonNull(next, "next");
        return ex -> {
            RequestExchange r = RequestExchange.of(ex);
            String header = r.getRequestHeaders().getFirst("Authorization");
            String token = null;
            if (header != null && header.length() > 7 && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                token = header.substring(7).strip();
            }
            if (token == null || token.isEmpty()) {
                unauthorized(r, "Bearer realm=\"" + realm + "\"");
                return;
            }
            Optional<U> user = Objects.requireNonNull(verify.apply(token), "verify returned null");
            if (user.isEmpty()) {
                unauthorized(r, "Bearer realm=\"" + realm + "\", error=\"invalid_token\"");
                return;
            }
            next.handle(r.withContext(Context.withValue(r.context(), key, user.get())));
        };
    }

    private static void unauthorized(RequestExchange r, String challenge) throws java.io.IOException {
        try (r) {
            r.getResponseHeaders().set("WWW-Authenticate", challenge);
            Server.reply(r, 401, "unauthorized");
        }
    }

    @Override
    public String toString() {
        return "BearerAuth(" + realm + ")";
    }
}

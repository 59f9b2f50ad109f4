package dev.go4j.patterns.http;

import com.sun.net.httpserver.HttpHandler;
import dev.go4j.patterns.ratelimit.KeyedRateLimiter;
import java.time.Duration;
import java.util.Objects;

/**
 * A rate limit per client: each request takes a permit from its client's limiter in a
 * {@link KeyedRateLimiter}, and a client over its limit gets {@code 429 Too Many Requests} with
 * {@code Retry-After}. Go: the per-IP {@code rate.Limiter} map middleware, or
 * {@code httprate.LimitByIP}.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>The client is {@link ClientAddress#key}: the peer address unless the peer is a trusted proxy
 *       (never a bare {@code X-Forwarded-For}, which any client can write to get a fresh limit per
 *       request), IPv6 grouped by /64.</li>
 *   <li>The limiter's {@code maxKeys} is the hard cap on clients tracked: a flood of addresses evicts
 *       idle clients first and never grows memory past the cap; a new client that finds every slot in
 *       use is refused like a limited one.</li>
 *   <li>Refused: 429, {@code Retry-After} in whole seconds (at least 1), and, if {@link #policy} was
 *       given, the IETF draft's {@code RateLimit-Policy} and {@code RateLimit} headers. The handler is
 *       not called. Never blocks: a server that queues limited requests holds their connections.</li>
 *   <li>Place it before {@link BearerAuth}: otherwise floods of bad tokens are never limited and
 *       every one of them costs a token check.</li>
 * </ul>
 *
 * <p>Thread safety: immutable; safe for concurrent use (the limiter is).
 *
 * <p>Bad input: null arguments throw {@link NullPointerException}; a non-positive duration or limit
 * throws {@link IllegalArgumentException}.
 *
 * @implNote Per request: one key computed from the address (no allocation for IPv4 beyond its string)
 * and one {@code tryAcquire} on the keyed limiter.
 * @since 0.1.0
 */
public final class RateLimit implements Middleware {
    private final KeyedRateLimiter<String> limiter;
    private final ClientAddress clients;
    private final long retryAfterSeconds;
    private final String policy;

    private RateLimit(KeyedRateLimiter<String> limiter, ClientAddress clients, long retryAfterSeconds,
            String policy) {
        this.limiter = limiter;
        this.clients = clients;
        this.retryAfterSeconds = retryAfterSeconds;
        this.policy = policy;
    }

    /**
     * Limits each client with its own limiter from {@code limiter}, the client found by
     * {@code clients}; {@code Retry-After: 1}.
     *
     * @param limiter the per-client limiters (its {@code maxKeys} caps the clients tracked)
     * @param clients how to find the client's address
     * @return the middleware
     * @throws NullPointerException if an argument is null
     */
    public static RateLimit perClient(KeyedRateLimiter<String> limiter, ClientAddress clients) {
        return new RateLimit(Objects.requireNonNull(limiter, "limiter"), Objects.requireNonNull(clients, "clients"),
                1, null);
    }

    /**
     * The same limit with another {@code Retry-After}: the time a refused client should wait, about
     * one permit's refill time.
     *
     * @param retryAfter positive; rounded up to whole seconds
     * @return a new middleware
     */
    public RateLimit retryAfter(Duration retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (!retryAfter.isPositive()) {
            throw new IllegalArgumentException("retryAfter must be positive, was " + retryAfter);
        }
        return new RateLimit(limiter, clients, ceilSeconds(retryAfter), policy);
    }

    /**
     * The same limit, announcing its policy in {@code RateLimit-Policy: limit;w=seconds}.
     *
     * @param limit the requests allowed per window, positive
     * @param window the window, at least one second
     * @return a new middleware
     */
    public RateLimit policy(int limit, Duration window) {
        Objects.requireNonNull(window, "window");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        if (window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("window must be at least 1 second, was " + window);
        }
        return new RateLimit(limiter, clients, retryAfterSeconds, limit + ";w=" + ceilSeconds(window));
    }

    private static long ceilSeconds(Duration d) {
        long s = d.getSeconds();
        return d.getNano() > 0 ? s + 1 : s;
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        Objects.requireNonNull(next, "next");
        return ex -> {
            RequestExchange r = RequestExchange.of(ex);
            if (limiter.tryAcquire(clients.key(r))) {
                next.handle(r);
                return;
            }
            try (r) {
                r.getResponseHeaders().set("Retry-After", Long.toString(retryAfterSeconds));
                if (policy != null) {
                    r.getResponseHeaders().set("RateLimit-Policy", policy);
                    r.getResponseHeaders().set("RateLimit", "remaining=0, reset=" + retryAfterSeconds);
                }
                Server.reply(r, 429, "too many requests");
            }
        };
    }

    @Override
    public String toString() {
        return "RateLimit(" + clients + ", " + limiter + ")";
    }
}

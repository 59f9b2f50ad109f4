package dev.go4j.patterns.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpHandler;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Cross-origin resource sharing for browsers: which other sites' scripts may call this API. Go:
 * {@code rs/cors} or chi's {@code cors.Handler}.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>A request from an allowed {@code Origin} gets {@code Access-Control-Allow-Origin} with that
 *       origin (or {@code *} when every origin is allowed and credentials are not), and
 *       {@code Access-Control-Allow-Credentials: true} if credentials are allowed. Every response
 *       gets {@code Vary: Origin}, so a shared cache never serves one origin's answer to
 *       another.</li>
 *   <li>A preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) is answered here with
 *       204 and never reaches the handler; the allow headers are present only if the origin, the
 *       method and every requested header are allowed.</li>
 *   <li>A request from an origin not allowed passes through without CORS headers: the browser then
 *       hides the response from the calling script. CORS is not access control: non-browser clients
 *       ignore it.</li>
 *   <li>Never {@code *} together with credentials: that would let any site read responses made
 *       with your users' cookies. {@link Builder#build()} refuses it (browsers refuse it too, and the
 *       usual workaround of echoing any origin is the same hole).</li>
 *   <li>Place it before {@link BearerAuth} and {@link RateLimit}: a preflight carries no credentials
 *       and must not be refused.</li>
 * </ul>
 *
 * <p>Thread safety: immutable; safe for concurrent use.
 *
 * @since 0.1.0
 */
public final class Cors implements Middleware {
    private final Set<String> origins;
    private final boolean anyOrigin;
    private final Set<String> methods;
    private final Set<String> headers;
    private final String exposed;
    private final boolean credentials;
    private final long maxAgeSeconds;

    private Cors(Builder b) {
        this.origins = Set.copyOf(b.origins);
        this.anyOrigin = b.origins.contains("*");
        this.methods = Set.copyOf(b.methods);
        this.headers = Set.copyOf(b.headers);
        this.exposed = String.join(", ", b.exposed);
        this.credentials = b.credentials;
        this.maxAgeSeconds = b.maxAge.toSeconds();
    }

    /**
     * A builder: no origins, methods GET, HEAD and POST, no extra headers, no credentials, preflights
     * cached 10 minutes.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        Objects.requireNonNull(next, "next");
        return ex -> {
            RequestExchange r = RequestExchange.of(ex);
            Headers out = r.getResponseHeaders();
            out.add("Vary", "Origin");
            String origin = r.getRequestHeaders().getFirst("Origin");
            boolean allowed = origin != null && (anyOrigin || origins.contains(origin));
            String preflightMethod = r.getRequestHeaders().getFirst("Access-Control-Request-Method");
            if (r.getRequestMethod().equals("OPTIONS") && origin != null && preflightMethod != null) {
                out.add("Vary", "Access-Control-Request-Method");
                out.add("Vary", "Access-Control-Request-Headers");
                if (allowed && methods.contains(preflightMethod) && headersAllowed(r.getRequestHeaders())) {
                    allowOrigin(out, origin);
                    out.set("Access-Control-Allow-Methods", preflightMethod);
                    String asked = r.getRequestHeaders().getFirst("Access-Control-Request-Headers");
                    if (asked != null && !asked.isBlank()) {
                        out.set("Access-Control-Allow-Headers", asked);
                    }
                    out.set("Access-Control-Max-Age", Long.toString(maxAgeSeconds));
                }
                try (r) {
                    r.sendResponseHeaders(204, -1);
                }
                return;
            }
            if (allowed) {
                allowOrigin(out, origin);
                if (!exposed.isEmpty()) {
                    out.set("Access-Control-Expose-Headers", exposed);
                }
            }
            next.handle(r);
        };
    }

    private void allowOrigin(Headers out, String origin) {
        out.set("Access-Control-Allow-Origin", anyOrigin && !credentials ? "*" : origin);
        if (credentials) {
            out.set("Access-Control-Allow-Credentials", "true");
        }
    }

    private boolean headersAllowed(Headers in) {
        String asked = in.getFirst("Access-Control-Request-Headers");
        if (asked == null || asked.isBlank()) {
            return true;
        }
        for (String h : asked.split(",")) {
            String name = h.strip().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !headers.contains(name)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "Cors(" + origins + (credentials ? ", credentials)" : ")");
    }

    /**
     * Builds a {@link Cors}.
     *
     * <p>Thread safety: not thread-safe; build on one thread.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final Set<String> origins = new LinkedHashSet<>();
        private final Set<String> methods = new LinkedHashSet<>(Set.of("GET", "HEAD", "POST"));
        private final Set<String> headers = new LinkedHashSet<>();
        private final Set<String> exposed = new LinkedHashSet<>();
        private boolean credentials;
        private Duration maxAge = Duration.ofMinutes(10);

        private Builder() {}

        /**
         * Origins allowed, exactly as browsers send them ({@code https://app.example.com}, scheme and
         * host and any non-default port, no path), or {@code "*"} for any.
         *
         * @param origins the origins
         * @return this
         * @throws IllegalArgumentException if an origin has a path or no scheme
         */
        public Builder allowOrigins(String... origins) {
            for (String o : Objects.requireNonNull(origins, "origins")) {
                Objects.requireNonNull(o, "origin");
                if (!o.equals("*") && (!o.contains("://") || o.indexOf('/', o.indexOf("://") + 3) >= 0)) {
                    throw new IllegalArgumentException("origin must be scheme://host[:port] with no path, or *, was \""
                            + o + "\"");
                }
                this.origins.add(o);
            }
            return this;
        }

        /**
         * Methods a preflight may ask for (replaces the default GET, HEAD, POST).
         *
         * @param methods method names, upper case
         * @return this
         */
        public Builder allowMethods(String... methods) {
            this.methods.clear();
            this.methods.addAll(Arrays.asList(Objects.requireNonNull(methods, "methods")));
            return this;
        }

        /**
         * Request headers a preflight may ask for, such as {@code Authorization} and
         * {@code Content-Type}.
         *
         * @param headers header names, any case
         * @return this
         */
        public Builder allowHeaders(String... headers) {
            for (String h : Objects.requireNonNull(headers, "headers")) {
                this.headers.add(h.toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /**
         * Response headers the calling script may read besides the simple ones.
         *
         * @param headers header names
         * @return this
         */
        public Builder exposeHeaders(String... headers) {
            this.exposed.addAll(Arrays.asList(Objects.requireNonNull(headers, "headers")));
            return this;
        }

        /**
         * Whether browsers may send cookies and read the responses to requests that carry them.
         *
         * @param allow true to allow
         * @return this
         */
        public Builder allowCredentials(boolean allow) {
            this.credentials = allow;
            return this;
        }

        /**
         * How long a browser may cache a preflight's answer.
         *
         * @param maxAge zero or more
         * @return this
         */
        public Builder maxAge(Duration maxAge) {
            Objects.requireNonNull(maxAge, "maxAge");
            if (maxAge.isNegative()) {
                throw new IllegalArgumentException("maxAge must not be negative, was " + maxAge);
            }
            this.maxAge = maxAge;
            return this;
        }

        /**
         * Builds the middleware.
         *
         * @return the middleware
         * @throws IllegalStateException if {@code "*"} is combined with credentials, or no origin is
         *         allowed
         */
        public Cors build() {
            if (origins.isEmpty()) {
                throw new IllegalStateException("CORS: allowOrigins lists no origin");
            }
            if (credentials && origins.contains("*")) {
                throw new IllegalStateException("CORS: allowCredentials with origin \"*\" would let any site read"
                        + " responses made with your users' cookies; list the origins instead");
            }
            return new Cors(this);
        }
    }
}

package dev.go4j.patterns.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.go4j.patterns.ratelimit.KeyedRateLimiter;
import dev.go4j.patterns.ratelimit.SlidingWindowLimiter;
import dev.go4j.time.ManualClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A limit per client, keyed by an address no client can forge; 429 with Retry-After. */
class RateLimitTest {
    private final ManualClock clock = new ManualClock();
    private final KeyedRateLimiter<String> perClient = new KeyedRateLimiter<>(
            key -> new SlidingWindowLimiter(2, Duration.ofSeconds(1), clock), 1000, Duration.ofMinutes(1), clock);
    private final AtomicInteger handled = new AtomicInteger();

    @AfterEach
    void close() {
        perClient.close();
    }

    private HttpTesting serve(RateLimit limit) {
        return HttpTesting.serve(Middleware.chain(ex -> {
            handled.incrementAndGet();
            HttpTesting.reply(ex, 200, "ok");
        }, limit));
    }

    @Test
    void overTheLimitGets429WithRetryAfterAndThePolicyAndTheHandlerIsNotCalled() throws Exception {
        RateLimit limit = RateLimit.perClient(perClient, ClientAddress.direct())
                .retryAfter(Duration.ofMillis(1500)).policy(2, Duration.ofSeconds(1));
        try (HttpTesting t = serve(limit)) {
            assertThat(t.get("/").statusCode()).isEqualTo(200);
            assertThat(t.get("/").statusCode()).isEqualTo(200);
            HttpResponse<String> r = t.get("/");
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(r.headers().firstValue("RateLimit-Policy")).hasValue("2;w=1");
            assertThat(r.headers().firstValue("RateLimit")).hasValue("remaining=0, reset=2");
            assertThat(handled).hasValue(2);
            clock.advance(Duration.ofSeconds(2));
            assertThat(t.get("/").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aClientCannotEscapeItsLimitByWritingXForwardedFor() throws Exception {
        try (HttpTesting t = serve(RateLimit.perClient(perClient, ClientAddress.direct()))) {
            int ok = 0;
            for (int i = 0; i < 10; i++) {
                if (t.get("/", "X-Forwarded-For", "198.51.100." + i).statusCode() == 200) {
                    ok++;
                }
            }
            assertThat(ok).isEqualTo(2);
            assertThat(perClient.size()).isEqualTo(1);
        }
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnLimit() throws Exception {
        try (HttpTesting t = serve(RateLimit.perClient(perClient, ClientAddress.behindProxies("127.0.0.1")))) {
            for (String client : new String[] {"198.51.100.1", "198.51.100.2"}) {
                assertThat(t.get("/", "X-Forwarded-For", client).statusCode()).isEqualTo(200);
                assertThat(t.get("/", "X-Forwarded-For", client).statusCode()).isEqualTo(200);
                assertThat(t.get("/", "X-Forwarded-For", client).statusCode()).isEqualTo(429);
            }
            // Rotating through one IPv6 /64 buys nothing.
            assertThat(t.get("/", "X-Forwarded-For", "2001:db8:1:2::1").statusCode()).isEqualTo(200);
            assertThat(t.get("/", "X-Forwarded-For", "2001:db8:1:2::2").statusCode()).isEqualTo(200);
            assertThat(t.get("/", "X-Forwarded-For", "2001:db8:1:2::3").statusCode()).isEqualTo(429);
        }
    }

    @Test
    void theKeyCapHoldsUnderAFloodOfAddresses() throws Exception {
        try (KeyedRateLimiter<String> capped = new KeyedRateLimiter<>(
                key -> new SlidingWindowLimiter(2, Duration.ofSeconds(1), clock), 4, Duration.ofMinutes(1), clock);
                HttpTesting t = serve(RateLimit.perClient(capped, ClientAddress.behindProxies("127.0.0.1")))) {
            for (int i = 0; i < 20; i++) {
                t.get("/", "X-Forwarded-For", "198.51.100." + i);
            }
            assertThat(capped.size()).isLessThanOrEqualTo(4);
        }
    }
}

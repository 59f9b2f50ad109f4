package dev.go4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples of the module's Javadoc: they compile and run against a real Redis. */
@Timeout(60)
class RedisRateLimiterSnippets {

    @Test
    void limiter() throws Exception {
        try (RedisServer server = RedisServer.start()) {
            String uri = server.uri();
            // @start region=limiter
            RedisClient client = RedisClient.create(uri); // e.g. "redis://127.0.0.1:6379"
            try (StatefulRedisConnection<String, String> connection = client.connect();
                    RedisRateLimiter limiter = RedisRateLimiter.builder(connection, 10, 5) // 10/s, bursts of 5
                            .keyPrefix("api:")
                            .timeout(Duration.ofMillis(250))
                            .onFailure(FailurePolicy.fallback(0.5)) // two instances: half the rate each
                            .build()) {
                // Per user, shared by every instance of the service: refuse at once in a handler.
                boolean allowed = limiter.tryAcquire("user-42", 1);
                assertThat(allowed).isTrue();

                // Or wait for a permit, within a deadline (retry-after comes from Redis).
                try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(2))) {
                    limiter.acquire(ctx, "batch-job", 2);
                }
                // The whole answer, for RateLimit-* response headers.
                RedisRateLimiter.Decision d = limiter.decide("user-42", 1);
                assertThat(d.allowed()).isTrue();
                assertThat(d.remaining()).isBetween(0L, 4L);
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
            }
            // @end
        }
    }
}

package dev.go4j.patterns.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The examples shown in the Javadoc; each one runs. */
class RetrySnippets {
    @Test
    void policy() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        // @start region=policy
        RetryPolicy policy = RetryPolicy.builder()
                .maxAttempts(5)
                .backoff(Jitter.FULL, Duration.ofMillis(1), Duration.ofMillis(10))
                .retryOn(e -> !(e instanceof IllegalArgumentException))
                .build();
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(5))) {
            String body = policy.call(ctx, attemptCtx -> {
                if (tries.incrementAndGet() < 3) {
                    throw new java.io.IOException("connection reset");
                }
                return "200 OK";
            });
            assertThat(body).isEqualTo("200 OK");
        }
        // @end
        assertThat(tries.get()).isEqualTo(3);
    }
}

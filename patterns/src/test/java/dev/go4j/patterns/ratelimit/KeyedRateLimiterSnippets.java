package dev.go4j.patterns.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.go4j.time.Clock;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The examples published in the Javadoc of {@link KeyedRateLimiter}. */
class KeyedRateLimiterSnippets {

    private final Clock clock = new ManualClock();

    // @start region=perIp
    // Go: visitors map[string]*rate.Limiter, a sync.Mutex, and a cleanup goroutine.
    private final KeyedRateLimiter<String> perIp = new KeyedRateLimiter<>(
            ip -> new SlidingWindowLimiter(10, Duration.ofSeconds(1), clock), // each IP's own limiter
            100_000,                                                         // the most IPs tracked
            Duration.ofMinutes(3),                                           // forget quiet IPs
            clock);

    int handle(String clientIp) {
        if (!perIp.tryAcquire(clientIp)) {                                   // if !limiter.Allow() {
            return 429;                                                      //     http.StatusTooManyRequests
        }
        return 200;
    }
    // @end

    @AfterEach
    void close() {
        perIp.close();
    }

    @Test
    void perIp() {
        for (int i = 0; i < 10; i++) {
            assertThat(handle("192.0.2.1")).isEqualTo(200);
        }
        assertThat(handle("192.0.2.1")).isEqualTo(429);
        assertThat(handle("192.0.2.2")).as("another client has its own allowance").isEqualTo(200);
    }
}

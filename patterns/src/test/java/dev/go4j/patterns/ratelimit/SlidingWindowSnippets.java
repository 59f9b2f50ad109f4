package dev.go4j.patterns.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.go4j.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The examples published in the Javadoc of {@link SlidingLogLimiter} and {@link SlidingWindowLimiter}. */
class SlidingWindowSnippets {

    private final ManualClock clock = new ManualClock();

    @Test
    void log() {
        int served = 0;
        // @start region=log
        RateLimiter limiter = new SlidingLogLimiter(3, Duration.ofSeconds(1), clock);
        for (int request = 0; request < 5; request++) {
            if (limiter.tryAcquire()) {          // if !allow(time.Now()) { http.Error(w, "slow down", 429) }
                served++;
            }
        }
        // @end
        assertThat(served).isEqualTo(3);
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire(3)).isTrue();
    }

    @Test
    void counter() throws Exception {
        // @start region=counter
        RateLimiter perMinute = new SlidingWindowLimiter(100, Duration.ofMinutes(1), clock);
        perMinute.acquire();                     // parks until the estimate lets one more in
        boolean more = perMinute.tryAcquire(99); // the rest of this minute's allowance
        // @end
        assertThat(more).isTrue();
        assertThat(perMinute.tryAcquire()).isFalse();
    }
}

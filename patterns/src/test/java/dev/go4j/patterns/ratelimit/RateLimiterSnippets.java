package dev.go4j.patterns.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples published in the Javadoc of the rate limiters; each one runs here. */
class RateLimiterSnippets {

    private final ManualClock clock = new ManualClock();

    // @start region=limiter
    /** An HTTP handler's first line: refuse at once when the client is over its rate. */
    static int handle(RateLimiter limiter, String request) {
        if (!limiter.tryAcquire()) {                     // if !lim.Allow() {
            return 429;                                  //     http.Error(w, "slow down", http.StatusTooManyRequests)
        }                                                // }
        return 200;
    }

    /** A batch job: wait for permits, but never past the job's deadline. */
    static void sendAll(RateLimiter limiter, Context ctx, List<String> messages, List<String> sent)
            throws InterruptedException {
        for (String m : messages) {
            limiter.acquire(ctx, 1);                     // if err := lim.Wait(ctx); err != nil { return err }
            sent.add(m);
        }
    }
    // @end

    @Test
    void limiter() throws Exception {
        RateLimiter limiter = new AtomicTokenBucket(10, 3, clock);
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            codes.add(handle(limiter, "GET /"));
        }
        assertThat(codes).containsExactly(200, 200, 200, 429, 429);

        List<String> sent = new ArrayList<>();
        clock.advance(Duration.ofMillis(200)); // two permits back
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(50), clock)) {
            assertThatThrownBy(() -> sendAll(limiter, ctx, List.of("a", "b", "c"), sent))
                    .as("the third would come only at 300 ms, after the deadline")
                    .isInstanceOf(WaitExceedsDeadlineException.class);
        }
        assertThat(sent).containsExactly("a", "b");
    }

    @Test
    void atomic() {
        // @start region=atomic
        RateLimiter api = new AtomicTokenBucket(100, 10, clock);  // 100 per second, bursts of 10
        int granted = 0;
        for (int i = 0; i < 50; i++) {
            if (api.tryAcquire()) {                             // one CAS, no lock
                granted++;
            }
        }
        // granted == 10: the burst; then one more permit every 10 ms
        // @end
        assertThat(granted).isEqualTo(10);
        clock.advance(Duration.ofMillis(10));
        assertThat(api.tryAcquire()).isTrue();
        assertThat(api.tryAcquire()).isFalse();
    }

    @Test
    void locking() throws Exception {
        // @start region=locking
        RateLimiter uploads = new LockingTokenBucket(2, 4, clock); // 2 per second, bursts of 4
        uploads.acquire(4);                                       // the whole burst, at once
        boolean more = uploads.tryAcquire();                      // false: empty
        // 250 ms later half a token has accrued; at 500 ms one permit is back
        // @end
        assertThat(more).isFalse();
        clock.advance(Duration.ofMillis(250));
        assertThat(uploads.tryAcquire()).isFalse();
        clock.advance(Duration.ofMillis(250));
        assertThat(uploads.tryAcquire()).isTrue();
    }

    @Test
    void channel() throws Exception {
        boolean got;
        boolean again;
        boolean afterTick;
        // @start region=channel
        try (ChannelTokenBucket tokens = new ChannelTokenBucket(5, 2, clock)) { // defer close(stop)
            tokens.acquire();                           // <-tokens
            got = tokens.tryAcquire();                  // select { case <-tokens: got = true; default: }
            again = tokens.tryAcquire();                // false: empty until the next tick
            clock.advance(Duration.ofMillis(200));      // (a test's ManualClock) one tick: 1/5 s
            afterTick = tokens.tryAcquire();            // true
        }
        // @end
        assertThat(got).isTrue();
        assertThat(again).isFalse();
        assertThat(afterTick).isTrue();
    }
}

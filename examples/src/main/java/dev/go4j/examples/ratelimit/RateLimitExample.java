package dev.go4j.examples.ratelimit;

import dev.go4j.patterns.ratelimit.AtomicTokenBucket;
import dev.go4j.patterns.ratelimit.KeyedRateLimiter;
import dev.go4j.patterns.ratelimit.Limit;
import dev.go4j.patterns.ratelimit.Limiter;
import dev.go4j.patterns.ratelimit.Reservation;
import dev.go4j.patterns.ratelimit.SlidingWindowLimiter;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The rate limiting page in one program, at fixed instants on a {@link ManualClock} (no sleeping): a
 * token bucket's burst and refill, the {@code x/time/rate} port's {@code allowN} and the delay of a
 * reservation, the sliding-window counter's weighting of the previous window, and one bucket per key.
 *
 * <p>Go twin: {@code Example_ratelimit} in {@code go/ratelimit/example_test.go}, which passes the same
 * instants to {@code AllowN(t, n)}; both print the same lines.
 */
public final class RateLimitExample {

    private RateLimitExample() {}

    /**
     * Runs the example.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        ManualClock clock = new ManualClock(); // 2009-11-10T23:00:00Z, as the Go twin's t0

        AtomicTokenBucket bucket = new AtomicTokenBucket(10, 3, clock); // 10 a second, a burst of 3; full
        System.out.println("bucket at 0ms: " + tries(5, bucket::tryAcquire));
        clock.advance(Duration.ofMillis(100));
        System.out.println("bucket at 100ms: " + tries(2, bucket::tryAcquire));
        clock.advance(Duration.ofMillis(1900));
        System.out.println("bucket at 2000ms: " + tries(4, bucket::tryAcquire));

        ManualClock clock2 = new ManualClock();
        Limiter lim = new Limiter(Limit.of(10), 3, clock2);
        long t0 = clock2.nanoTime();
        System.out.println("rate.Limiter AllowN(3): " + lim.allowN(t0, 3));
        Reservation r = lim.reserveN(t0, 1); // takes the next token now and says how long to wait for it
        System.out.println("reservation ok: " + r.ok() + " delay: " + r.delayFrom(t0).toMillis() + "ms");

        ManualClock clock3 = new ManualClock();
        SlidingWindowLimiter window = new SlidingWindowLimiter(4, Duration.ofSeconds(1), clock3); // about 4 a second
        System.out.println("window at 0ms: " + tries(5, window::tryAcquire));
        // Half-way through the next window the previous one counts half: 4*0.5 = 2, so 2 more fit.
        clock3.advance(Duration.ofMillis(1500));
        System.out.println("window at 1500ms: " + tries(3, window::tryAcquire));

        ManualClock clock4 = new ManualClock();
        try (KeyedRateLimiter<String> keyed = KeyedRateLimiter.tokenBuckets(1, 1, 100, Duration.ofMinutes(1), clock4)) {
            System.out.println("alice: " + tries(2, () -> keyed.tryAcquire("alice")));
            System.out.println("bob: " + tries(1, () -> keyed.tryAcquire("bob")));
        }
    }

    /** The results of {@code n} calls, as the Go twin prints them. */
    private static String tries(int n, BooleanSupplier allow) {
        List<String> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            results.add(String.valueOf(allow.getAsBoolean()));
        }
        return String.join(" ", results);
    }
}

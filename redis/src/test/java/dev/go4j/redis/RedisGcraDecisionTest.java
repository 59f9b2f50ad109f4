package dev.go4j.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import dev.go4j.patterns.ratelimit.AtomicTokenBucket;
import dev.go4j.patterns.ratelimit.RateLimiter;
import dev.go4j.patterns.ratelimit.WaitExceedsDeadlineException;
import dev.go4j.redis.RedisRateLimiter.Decision;
import dev.go4j.time.ManualClock;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The script's GCRA decisions at fixed instants, on a real Redis. Time is pinned with the test-only
 * script variant, which takes "now" from the client: the same Lua body as the production script,
 * whose only difference is the line that reads the server's {@code TIME}. Every decision is compared
 * with the in-process {@link AtomicTokenBucket} on the same {@link ManualClock}.
 */
@Timeout(120)
class RedisGcraDecisionTest {
    /** 2025-11-24, in microseconds since the epoch: a realistic magnitude for the script's arithmetic. */
    private static final long EPOCH_MICROS = 1_764_000_000_000_000L;
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private static TestRedis redis;
    private static StatefulRedisConnection<String, String> connection;

    private final ManualClock clock = new ManualClock();
    private final long origin = clock.nanoTime();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = TestRedis.start();
        connection = redis.connect();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    /** A limiter whose script takes now = the manual clock, in microseconds; a fresh key space. */
    private RedisRateLimiter pinned(double rate, int burst) {
        return RedisRateLimiter.builder(connection, rate, burst)
                .keyPrefix("vectors" + PREFIXES.incrementAndGet() + ":")
                .clock(clock)
                .timeout(Duration.ofSeconds(10))
                .pinnedClockForTests(() -> EPOCH_MICROS + (clock.nanoTime() - origin) / 1000)
                .build();
    }

    /** One row: advance the clock by {@code advanceMs}, ask for {@code n}, expect {@code granted}. */
    record Step(long advanceMs, int n, boolean granted) {}

    @Test
    void permitsAccrueContinuouslyOnePerIntervalLikeAllowN() {
        // rate 10/s (one per 100 ms), burst 3: the in-process bucket's table, replayed on Redis.
        RedisRateLimiter remote = pinned(10, 3);
        RateLimiter local = new AtomicTokenBucket(10, 3, clock);
        Step[] steps = {
            new Step(0, 3, true),      // starts full
            new Step(0, 1, false),
            new Step(99, 1, false),    // 0.99 of a permit
            new Step(1, 1, true),      // 100 ms: one
            new Step(150, 1, true),    // 250 ms: 1.5 -> take one, 0.5 left
            new Step(0, 1, false),
            new Step(50, 2, false),    // 300 ms: 1.0, not 2
            new Step(0, 1, true),
            new Step(1000, 4, false),  // more than the burst: never
            new Step(0, 3, true),      // idle: full again, no more
        };
        long at = 0;
        for (Step s : steps) {
            clock.advance(Duration.ofMillis(s.advanceMs()));
            at += s.advanceMs();
            assertThat(remote.tryAcquire(s.n())).as("redis at %d ms, %d permits", at, s.n()).isEqualTo(s.granted());
            assertThat(local.tryAcquire(s.n())).as("in-process at %d ms, %d permits", at, s.n()).isEqualTo(s.granted());
        }
        assertThat(remote.counters().decisions()).as("the over-burst request never reached Redis").isEqualTo(9);
    }

    @Test
    void randomScheduleDecidesExactlyAsTheInProcessBucket() {
        // Rates whose interval is a whole number of microseconds: the two buckets then share one
        // schedule, and every decision must agree, including at the exact instant a permit returns.
        SplittableRandom random = new SplittableRandom(15);
        for (double rate : new double[] {4, 10, 1000, 250_000}) {
            int burst = 1 + random.nextInt(8);
            RedisRateLimiter remote = pinned(rate, burst);
            RateLimiter local = new AtomicTokenBucket(rate, burst, clock);
            long intervalMicros = (long) (1e6 / rate);
            for (int i = 0; i < 400; i++) {
                long advance = switch (random.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> intervalMicros;                      // exactly one permit back
                    case 2 -> intervalMicros - 1;                  // a microsecond short
                    default -> random.nextLong(3 * intervalMicros); // anywhere
                };
                clock.advance(Duration.ofNanos(advance * 1000));
                int n = random.nextInt(burst + 2); // sometimes zero, sometimes over the burst
                boolean expected = local.tryAcquire(n);
                assertThat(remote.tryAcquire(n)).as("rate %s burst %d step %d n %d", rate, burst, i, n)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void decisionReportsRemainingRetryAfterAndResetAfterLikeRedisRate() {
        RedisRateLimiter l = pinned(10, 3);
        Decision first = l.decide("u", 1);
        assertThat(first).isEqualTo(new Decision(true, 2, Duration.ZERO, Duration.ofMillis(100), Decision.Source.REDIS));
        Decision second = l.decide("u", 2);
        assertThat(second).isEqualTo(new Decision(true, 0, Duration.ZERO, Duration.ofMillis(300), Decision.Source.REDIS));
        Decision refused = l.decide("u", 2);
        assertThat(refused).isEqualTo(
                new Decision(false, 0, Duration.ofMillis(200), Duration.ofMillis(300), Decision.Source.REDIS));
        clock.advance(Duration.ofMillis(150));
        assertThat(l.decide("u", 0)).as("zero permits: a look that takes nothing")
                .isEqualTo(new Decision(true, 1, Duration.ZERO, Duration.ofMillis(150), Decision.Source.REDIS));
    }

    @Test
    void refusalWritesNothing() {
        RedisRateLimiter l = pinned(10, 2);
        assertThat(l.tryAcquire("k", 2)).isTrue();
        String state = redis.admin().get(l.redisKey("k"));
        for (int i = 0; i < 100; i++) {
            assertThat(l.tryAcquire("k", 1)).isFalse();
        }
        assertThat(redis.admin().get(l.redisKey("k"))).as("a refusal leaves the state alone").isEqualTo(state);
        clock.advance(Duration.ofMillis(100));
        assertThat(l.tryAcquire("k", 1)).as("a hundred refusals did not push the next permit back").isTrue();
    }

    @Test
    void keysAreIndependentAndCarryTheirKeyAsAHashTag() {
        RedisRateLimiter l = pinned(1, 1);
        assertThat(l.redisKey("user-42")).endsWith(":{user-42}");
        assertThat(l.tryAcquire("user-42", 1)).isTrue();
        assertThat(l.tryAcquire("user-42", 1)).isFalse();
        assertThat(l.tryAcquire("user-43", 1)).as("another key has its own bucket").isTrue();
        assertThat(redis.admin().exists(l.redisKey("user-42"), l.redisKey("user-43"))).isEqualTo(2);
    }

    @Test
    void zeroPermitsAreGrantedAndMoreThanTheBurstRefusedWithoutARoundTrip() {
        RedisRateLimiter l = pinned(10, 2);
        assertThat(l.tryAcquire(0)).isTrue();
        assertThat(l.tryAcquire(3)).isFalse();
        assertThat(l.counters().decisions()).isZero();
        assertThatThrownBy(() -> l.decide("k", 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("burst 2");
    }

    @Test
    void badArgumentsAreRejectedNamingTheArgument() {
        assertThatThrownBy(() -> RedisRateLimiter.builder(connection, 0, 1)).hasMessageContaining("rate");
        assertThatThrownBy(() -> RedisRateLimiter.builder(connection, 2e6, 1)).hasMessageContaining("1e6");
        assertThatThrownBy(() -> RedisRateLimiter.builder(connection, Double.NaN, 1)).hasMessageContaining("rate");
        assertThatThrownBy(() -> RedisRateLimiter.builder(connection, 1, 0)).hasMessageContaining("burst");
        assertThatThrownBy(() -> RedisRateLimiter.builder(connection, 1e-9, 2)).hasMessageContaining("2^50");
        assertThatThrownBy(() -> RedisRateLimiter.builder(connection, 1, 1).timeout(Duration.ZERO))
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> FailurePolicy.fallback(0)).hasMessageContaining("share");
        assertThatThrownBy(() -> FailurePolicy.fallback(1.5)).hasMessageContaining("share");
        RedisRateLimiter l = pinned(1, 1);
        assertThatThrownBy(() -> l.tryAcquire(-1)).hasMessageContaining("permits");
        assertThatThrownBy(() -> l.tryAcquire(null, 1)).isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> l.acquire(null, 1)).isInstanceOf(NullPointerException.class).hasMessage("ctx");
    }

    @Test
    void aRateThatDoesNotDivideAMicrosecondIsRoundedDownNeverGrantedFaster() {
        assertThat(RedisRateLimiter.intervalMicros(3, 1)).isEqualTo(333_334); // 3/s: 333 333.3 us, up
        assertThat(RedisRateLimiter.intervalMicros(0.1, 1)).isEqualTo(10_000_000);
        assertThat(RedisRateLimiter.intervalMicros(1e6, 1)).isEqualTo(1);
    }

    @Test
    void acquireWaitsTheRetryAfterOnTheClockThenTakes() throws Exception {
        RedisRateLimiter l = pinned(10, 1);
        assertThat(l.tryAcquire()).isTrue();
        CompletableFuture<Void> call = CompletableFuture.runAsync(() -> {
            try {
                l.acquire(Context.background(), 1);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        assertThat(clock.awaitPendingTimers(1, Duration.ofSeconds(30))).as("the call sleeps on the clock").isTrue();
        assertThat(call).isNotDone();
        clock.advance(Duration.ofMillis(100));
        call.get(30, TimeUnit.SECONDS);
        assertThat(l.tryAcquire()).as("the waiter took the permit").isFalse();
    }

    @Test
    void acquireWhoseRetryAfterPassesTheDeadlineFailsAtOnceAndTakesNothing() throws Exception {
        RedisRateLimiter l = pinned(10, 1);
        assertThat(l.tryAcquire()).isTrue();
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(50), clock)) {
            assertThatThrownBy(() -> l.acquire(ctx, 1)).isInstanceOf(WaitExceedsDeadlineException.class);
        }
        clock.advance(Duration.ofMillis(100));
        assertThat(l.tryAcquire()).as("the failed call took nothing").isTrue();
    }

    @Test
    void cancelWhileWaitingThrowsTheContextErrorAndTakesNothing() throws Exception {
        RedisRateLimiter l = pinned(10, 1);
        assertThat(l.tryAcquire()).isTrue();
        CancelableContext ctx = Context.withCancel(Context.background());
        CompletableFuture<Void> call = CompletableFuture.runAsync(() -> {
            try {
                l.acquire(ctx, 1);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        assertThat(clock.awaitPendingTimers(1, Duration.ofSeconds(30))).isTrue();
        ctx.cancel();
        assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(ContextCanceledException.class);
        clock.advance(Duration.ofMillis(100));
        assertThat(l.tryAcquire()).isTrue();
    }

    @Test
    void acquireMoreThanTheBurstFailsAtOnceWithGosMessage() {
        RedisRateLimiter l = pinned(10, 2);
        assertThatThrownBy(() -> l.acquire(Context.background(), 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rate: Wait(n=3) exceeds limiter's burst 2");
    }

    @Test
    void acquireOnADoneContextThrowsItsErrorEvenForZeroPermits() {
        RedisRateLimiter l = pinned(10, 2);
        CancelableContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        assertThatThrownBy(() -> l.acquire(ctx, 0)).isInstanceOf(ContextCanceledException.class);
    }

    @Test
    void productionScriptReadsOnlyTheServersClock() {
        assertThat(GcraScript.SERVER_CLOCK.source).contains("redis.call('TIME')").doesNotContain("ARGV[4]");
        assertThat(GcraScript.PINNED_CLOCK.source).doesNotContain("TIME").contains("ARGV[4]");
        RedisRateLimiter production = RedisRateLimiter.builder(connection, 1, 1).build();
        assertThat(production).extracting("script").isSameAs(GcraScript.SERVER_CLOCK);
        assertThat(GcraScript.SERVER_CLOCK.sha1).isEqualTo(redis.admin().digest(GcraScript.SERVER_CLOCK.source));
    }
}

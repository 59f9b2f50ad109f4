package dev.go4j.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import dev.go4j.redis.RedisRateLimiter.Counters;
import dev.go4j.redis.RedisRateLimiter.Decision;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the limiter decides when Redis is down, slow or restarted: the failure policy and nothing
 * else reaches the caller, every such decision is counted, and the script comes back by itself.
 */
@Timeout(120)
class RedisFailurePolicyTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private TestRedis redis;

    @BeforeEach
    void startRedis() throws Exception {
        redis = TestRedis.start();
    }

    @AfterEach
    void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    private RedisRateLimiter.Builder limiter(double rate, int burst) {
        return RedisRateLimiter.builder(redis.connect(), rate, burst).timeout(TIMEOUT);
    }

    @Test
    void failOpenGrantsAndCountsWhileRedisIsDown() throws Exception {
        RedisRateLimiter l = limiter(1, 1).onFailure(FailurePolicy.failOpen()).build();
        assertThat(l.tryAcquire("k", 1)).isTrue();
        redis.server.stop();
        for (int i = 0; i < 3; i++) {
            assertThat(l.tryAcquire("k", 1)).as("fail-open grants").isTrue();
        }
        assertThat(l.decide("k", 1).source()).isEqualTo(Decision.Source.FAIL_OPEN);
        Counters c = l.counters();
        assertThat(c.decisions()).isEqualTo(1);
        assertThat(c.failures()).isEqualTo(4);
        assertThat(c.failedOpen()).isEqualTo(4);
        assertThat(c.failedClosed() + c.fellBack()).isZero();
    }

    @Test
    void failClosedRefusesAndCountsWhileRedisIsDown() throws Exception {
        RedisRateLimiter l = limiter(1000, 1000).onFailure(FailurePolicy.failClosed()).build();
        assertThat(l.tryAcquire("k", 1)).isTrue();
        redis.server.stop();
        for (int i = 0; i < 3; i++) {
            assertThat(l.tryAcquire("k", 1)).as("fail-closed refuses").isFalse();
        }
        Counters c = l.counters();
        assertThat(c.failures()).isEqualTo(3);
        assertThat(c.failedClosed()).isEqualTo(3);
        assertThat(c.failedOpen() + c.fellBack()).isZero();
    }

    @Test
    void fallbackLimitsInProcessAtTheConfiguredShare() throws Exception {
        ManualClock clock = new ManualClock();
        // 10/s and 4 at once shared; alone, this instance grants half: 5/s, 2 at once.
        RedisRateLimiter l = limiter(10, 4).onFailure(FailurePolicy.fallback(0.5)).clock(clock).build();
        redis.server.stop();
        assertThat(l.tryAcquire("k", 1)).isTrue();
        assertThat(l.tryAcquire("k", 1)).isTrue();
        assertThat(l.tryAcquire("k", 1)).as("the fallback's burst is 2").isFalse();
        assertThat(l.tryAcquire("other", 2)).as("per key").isTrue();
        clock.advance(Duration.ofMillis(200));
        assertThat(l.tryAcquire("k", 1)).as("one permit per 200 ms").isTrue();
        assertThat(l.tryAcquire("k", 1)).isFalse();
        Counters c = l.counters();
        assertThat(c.fellBack()).isEqualTo(6);
        assertThat(c.failures()).isEqualTo(6);
        l.close();
    }

    @Test
    void aSlowRedisTimesOutAndThePolicyDecides() throws Exception {
        RedisRateLimiter l = limiter(1000, 1000).onFailure(FailurePolicy.failOpen()).build();
        assertThat(l.tryAcquire("k", 1)).isTrue();
        redis.admin().clientPause(5000); // every client's commands wait 5 s
        long start = System.nanoTime();
        Decision d = l.decide("k", 1);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(d.source()).isEqualTo(Decision.Source.FAIL_OPEN);
        assertThat(tookMs).as("the call returned at the timeout, not when Redis answered").isLessThan(4500);
        assertThat(l.counters().timeouts()).isEqualTo(1);
        // When the pause ends, Redis decides again.
        await().atMost(Duration.ofSeconds(20)).until(() -> l.decide("k", 1).source() == Decision.Source.REDIS);
    }

    @Test
    void failClosedAcquireKeepsWaitingUntilItsContextIsDone() throws Exception {
        ManualClock clock = new ManualClock();
        RedisRateLimiter l = limiter(10, 1).onFailure(FailurePolicy.failClosed()).clock(clock).build();
        redis.server.stop();
        CancelableContext ctx = Context.withCancel(Context.background());
        CompletableFuture<Void> call = CompletableFuture.runAsync(() -> {
            try {
                l.acquire(ctx, "k", 1);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        assertThat(clock.awaitPendingTimers(1, Duration.ofSeconds(30))).as("waits an interval, then asks again").isTrue();
        clock.advance(Duration.ofMillis(100));
        assertThat(clock.awaitPendingTimers(1, Duration.ofSeconds(30))).as("asked again, refused again").isTrue();
        ctx.cancel();
        try {
            call.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ContextCanceledException.class);
        }
        assertThat(call).isCompletedExceptionally();
        assertThat(l.counters().failedClosed()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aRestartMidRunAppliesThePolicyThenReloadsTheScript() throws Exception {
        RedisRateLimiter l = limiter(1e6, 1_000_000).onFailure(FailurePolicy.failClosed()).build();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            callers.add(Thread.ofVirtual().start(() -> {
                try {
                    while (running.get()) {
                        l.tryAcquire("k", 1);
                    }
                } catch (Throwable e) {
                    thrown.set(e);
                }
            }));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> l.counters().decisions() > 0);
        redis.server.stop();
        await().atMost(Duration.ofSeconds(20)).until(() -> l.counters().failures() > 0); // refused by the policy
        long decisionsAtRestart = l.counters().decisions();
        redis.server.restart(); // a fresh server on the same port: an empty script cache
        await().atMost(Duration.ofSeconds(30)).until(() -> l.counters().decisions() > decisionsAtRestart + 10);
        running.set(false);
        for (Thread t : callers) {
            t.join();
        }
        assertThat(thrown.get()).as("nothing but the policy's decision reaches the caller").isNull();
        Counters c = l.counters();
        assertThat(c.failures()).as("calls during the restart").isPositive();
        assertThat(c.failedClosed()).isEqualTo(c.failures());
        assertThat(c.scriptReloads()).as("NOSCRIPT from the fresh server: the script is sent again").isPositive();
        assertThat(l.decide("k", 1).source()).isEqualTo(Decision.Source.REDIS);
    }
}

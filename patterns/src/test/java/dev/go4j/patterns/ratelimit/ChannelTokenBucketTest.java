package dev.go4j.patterns.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import dev.go4j.patterns.ratelimit.RateLimiterContract.Call;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The channel port's own behaviour: whole tokens on ticks, a full channel drops ticks, close. */
@Timeout(60)
class ChannelTokenBucketTest {

    private final ManualClock clock = new ManualClock();
    private final ChannelTokenBucket bucket = new ChannelTokenBucket(10, 3, clock);

    @AfterEach
    void close() {
        bucket.close();
    }

    @Test
    void tokensArriveWholeOnePerTickNeverInFractions() {
        assertThat(bucket.tryAcquire(3)).isTrue();
        // at ms: tokens in the channel
        long[][] table = {{99, 0}, {100, 1}, {199, 1}, {200, 2}, {250, 2}, {300, 3}, {10_000, 3}};
        long at = 0;
        for (long[] row : table) {
            clock.advance(Duration.ofMillis(row[0] - at));
            at = row[0];
            assertThat(bucket.available()).as("len(tokens) at %d ms", at).isEqualTo((int) row[1]);
        }
    }

    @Test
    void aFastRateTicksOnceAMillisecondWithABatchNotOncePerToken() {
        ManualClock fast = new ManualClock();
        // 10,000/s: one token every 100 us, batched as 10 tokens per 1 ms tick
        try (ChannelTokenBucket b = new ChannelTokenBucket(10_000, 25, fast)) {
            assertThat(b.tryAcquire(25)).isTrue();
            // at us: tokens in the channel
            long[][] table = {{999, 0}, {1_000, 10}, {1_999, 10}, {2_000, 20}, {3_000, 25}, {60_000, 25}};
            long at = 0;
            for (long[] row : table) {
                fast.advance(Duration.ofNanos((row[0] - at) * 1_000));
                at = row[0];
                assertThat(b.available()).as("len(tokens) at %d us", at).isEqualTo((int) row[1]);
            }
            assertThat(fast.pendingTimers()).as("one tick armed, not one per token").isEqualTo(1);
        }
    }

    @Test
    void aBatchNeverExceedsTheBurst() {
        ManualClock fast = new ManualClock();
        // 1e9/s would be 1,000,000 tokens a tick: the channel holds the burst, the rest is dropped
        try (ChannelTokenBucket b = new ChannelTokenBucket(1e9, 4, fast)) {
            assertThat(b.tryAcquire(4)).isTrue();
            fast.advance(Duration.ofMillis(1));
            assertThat(b.available()).isEqualTo(4);
            assertThat(b.tryAcquire(5)).isFalse();
        }
    }

    @Test
    void aFullChannelDropsTheTickLikeSelectDefault() {
        clock.advance(Duration.ofSeconds(10)); // 100 ticks on a full channel
        assertThat(bucket.tryAcquire(3)).isTrue();
        assertThat(bucket.tryAcquire()).as("the dropped ticks were not saved up").isFalse();
    }

    @Test
    void theTickerKeepsItsPhaseAndHoldsOneTimer() {
        assertThat(clock.pendingTimers()).as("one tick armed").isEqualTo(1);
        clock.advance(Duration.ofMillis(350));
        assertThat(clock.pendingTimers()).isEqualTo(1);
        assertThat(bucket.tryAcquire(3)).isTrue();
        clock.advance(Duration.ofMillis(49));
        assertThat(bucket.tryAcquire()).as("349+50 ms: ticks at 100, 200, 300 were spent; next at 400").isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(bucket.tryAcquire()).isTrue();
    }

    @Test
    void aMultiPermitAcquireCollectsTokensTickByTick() throws Exception {
        assertThat(bucket.tryAcquire(3)).isTrue();
        Call waiter = Call.start(() -> bucket.acquire(3));
        waiter.awaitParked();
        clock.advance(Duration.ofMillis(200));
        assertThat(waiter.returned()).isNotDone();
        clock.advance(Duration.ofMillis(100));
        waiter.get();
        assertThat(bucket.available()).isZero();
    }

    @Test
    void aCanceledAcquirePutsBackTheTokensItHadCollected() throws Exception {
        assertThat(bucket.tryAcquire(3)).isTrue();
        CancelableContext ctx = Context.withCancel(Context.background());
        Call waiter = Call.start(() -> bucket.acquire(ctx, 3));
        waiter.awaitParked();
        clock.advance(Duration.ofMillis(100));
        await().until(() -> waiter.thread().getState() == Thread.State.WAITING); // took one, waits again
        clock.advance(Duration.ofMillis(100));
        await().until(() -> waiter.thread().getState() == Thread.State.WAITING);
        ctx.cancel();
        assertThat(waiter.failure()).isInstanceOf(ContextCanceledException.class);
        assertThat(bucket.available()).as("both collected tokens are back").isEqualTo(2);
    }

    @Test
    void theDeadlineEstimateCountsFromTheNextTick() throws Exception {
        assertThat(bucket.tryAcquire(3)).isTrue();
        clock.advance(Duration.ofMillis(60)); // next tick at 100 ms, 40 ms away
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(50), clock)) {
            Call waiter = Call.start(() -> bucket.acquire(ctx, 1));
            waiter.awaitParked();
            clock.advance(Duration.ofMillis(40));
            waiter.get();
        }
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(150), clock)) {
            assertThatThrownBy(() -> bucket.acquire(ctx, 2)).as("two more ticks: 200 ms > 150 ms")
                    .isInstanceOf(WaitExceedsDeadlineException.class);
        }
    }

    @Test
    void closeStopsTheTickerAndReleasesItsTimer() {
        bucket.close();
        assertThat(clock.pendingTimers()).isZero();
        bucket.close(); // harmless twice
        assertThat(bucket).hasToString("ChannelTokenBucket[closed]");
    }

    @Test
    void useAfterCloseThrowsIllegalState() {
        bucket.close();
        assertThatThrownBy(() -> bucket.tryAcquire()).isInstanceOf(IllegalStateException.class)
                .hasMessage("token bucket is closed");
        assertThatThrownBy(() -> bucket.acquire()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> bucket.acquire(Context.background(), 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeWakesABlockedAcquireWhichThrowsIllegalState() throws Exception {
        assertThat(bucket.tryAcquire(3)).isTrue();
        Call waiter = Call.start(() -> bucket.acquire(2));
        waiter.awaitParked();
        clock.advance(Duration.ofMillis(100)); // the waiter holds one token
        await().until(() -> waiter.thread().getState() == Thread.State.WAITING);
        bucket.close();
        assertThat(waiter.failure()).isInstanceOf(IllegalStateException.class).hasMessage("token bucket is closed");
    }

    @Test
    void onTheSystemClockTheTickerRefillsTheBucket() {
        try (ChannelTokenBucket real = new ChannelTokenBucket(1000, 2)) {
            assertThat(real.tryAcquire(2)).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(real::tryAcquire);
        }
    }
}

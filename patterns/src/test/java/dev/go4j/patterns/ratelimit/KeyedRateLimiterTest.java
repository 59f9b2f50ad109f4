package dev.go4j.patterns.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The per-key limiter: Go's {@code map[string]*rate.Limiter} with a cleanup goroutine, made bounded.
 * Time is a {@link ManualClock}; the limiters are a test-only {@link Bucket} (a burst that never
 * refills, which records whether it was used after being closed) unless a test needs a real flavour.
 */
@Timeout(120)
class KeyedRateLimiterTest {

    private static final Duration IDLE = Duration.ofMinutes(3);
    private static final Duration NANO = Duration.ofNanos(1);

    private final ManualClock clock = new ManualClock();
    private final List<Bucket> made = new ArrayList<>();

    /** A factory of burst-{@code burst} test buckets that remembers what it made. */
    private KeyedRateLimiter<String> keyed(int burst, int maxKeys) {
        return new KeyedRateLimiter<>(k -> {
            Bucket b = new Bucket(burst);
            synchronized (made) {
                made.add(b);
            }
            return b;
        }, maxKeys, IDLE, clock);
    }

    // ---------------------------------------------------------------- on demand

    @Test
    void firstCallForAKeyMakesItsLimiterLaterCallsReuseIt() {
        KeyedRateLimiter<String> limits = keyed(2, 10);
        assertThat(limits.tryAcquire("10.0.0.1")).isTrue();
        assertThat(limits.tryAcquire("10.0.0.1")).isTrue();
        assertThat(limits.tryAcquire("10.0.0.1")).as("its burst of 2 is used up").isFalse();
        assertThat(made).hasSize(1);
        assertThat(limits.tryAcquire("10.0.0.2")).as("another key has its own limiter").isTrue();
        assertThat(made).hasSize(2);
        assertThat(limits.size()).isEqualTo(2);
    }

    @Test
    void tryAcquireNTakesFromTheKeysLimiterAllOrNothing() {
        KeyedRateLimiter<String> limits = keyed(3, 10);
        assertThat(limits.tryAcquire("a", 2)).isTrue();
        assertThat(limits.tryAcquire("a", 2)).isFalse();
        assertThat(limits.tryAcquire("a", 1)).isTrue();
        assertThat(limits.tryAcquire("a", 0)).as("zero is always granted").isTrue();
    }

    @Test
    void worksWithAnyFlavourSuchAsTheWindowLimiters() throws Exception {
        KeyedRateLimiter<String> perUser = new KeyedRateLimiter<>(
                user -> new SlidingWindowLimiter(2, Duration.ofSeconds(1), clock), 100, IDLE, clock);
        assertThat(perUser.tryAcquire("alice", 2)).isTrue();
        assertThat(perUser.tryAcquire("alice")).isFalse();
        assertThat(perUser.tryAcquire("bob", 2)).isTrue();
        RateLimiterContract.Call call = RateLimiterContract.Call.start(() -> perUser.acquire("alice"));
        call.awaitParked();
        clock.advance(Duration.ofMillis(1500)); // window 1 at e=500 ms: 2 * 0.5 + 1 <= 2
        call.get();

        KeyedRateLimiter<String> exact = new KeyedRateLimiter<>(
                user -> new SlidingLogLimiter(1, Duration.ofSeconds(1), clock), 100, IDLE, clock);
        assertThat(exact.tryAcquire("alice")).isTrue();
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(500), clock)) {
            assertThatThrownBy(() -> exact.acquire(ctx, "alice", 1)).isInstanceOf(WaitExceedsDeadlineException.class);
        }
        assertThatThrownBy(() -> exact.acquire("alice", 2))
                .as("the limiter judges its burst").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("burst");
    }

    @Test
    void acquireWithContextGivesUpWithTheContextsError() throws Exception {
        KeyedRateLimiter<String> limits = new KeyedRateLimiter<>(
                k -> new SlidingLogLimiter(1, Duration.ofSeconds(1), clock), 10, IDLE, clock);
        assertThat(limits.tryAcquire("a")).isTrue();
        CancelableContext ctx = Context.withCancel(Context.background());
        RateLimiterContract.Call call = RateLimiterContract.Call.start(() -> limits.acquire(ctx, "a", 1));
        call.awaitParked();
        ctx.cancel();
        assertThat(call.failure()).isInstanceOf(ContextCanceledException.class);
    }

    // ---------------------------------------------------------------- idle eviction

    @Test
    void limiterIdleForTheIdleTimeIsEvictedAtTheExactInstantAndClosed() {
        KeyedRateLimiter<String> limits = keyed(1, 10);
        assertThat(limits.tryAcquire("a")).isTrue();
        clock.advance(IDLE.minus(NANO));
        assertThat(limits.cleanUp()).as("a nanosecond early").isZero();
        assertThat(limits.size()).isEqualTo(1);
        assertThat(made.get(0).closed).isFalse();
        clock.advance(NANO);
        assertThat(limits.cleanUp()).as("at the instant").isEqualTo(1);
        assertThat(limits.size()).isZero();
        assertThat(limits.evictions()).isEqualTo(1);
        assertThat(limits.stats()).isEqualTo(new KeyedRateLimiter.Stats(0, 1, 0, 0, 0));
        assertThat(made.get(0).closed).as("an evicted AutoCloseable limiter is closed").isTrue();
        assertThat(limits.tryAcquire("a")).as("the key comes back with a new limiter").isTrue();
        assertThat(made).hasSize(2);
    }

    @Test
    void idleTimeCountsFromTheEndOfTheLastCall() {
        KeyedRateLimiter<String> limits = keyed(5, 10);
        limits.tryAcquire("a");
        clock.advance(IDLE.dividedBy(2));
        limits.tryAcquire("a");
        clock.advance(IDLE.dividedBy(2));
        assertThat(limits.cleanUp()).as("used half an idle time ago").isZero();
        clock.advance(IDLE.dividedBy(2).minus(NANO));
        assertThat(limits.cleanUp()).isZero();
        clock.advance(NANO);
        assertThat(limits.cleanUp()).isEqualTo(1);
    }

    @Test
    void aLimiterInUseIsNeverEvictedHoweverLongItWaits() throws Exception {
        Gate gate = new Gate();
        KeyedRateLimiter<String> limits = new KeyedRateLimiter<>(k -> gate, 1, IDLE, clock);
        RateLimiterContract.Call call = RateLimiterContract.Call.start(() -> limits.acquire("a"));
        await().atMost(Duration.ofSeconds(30)).until(() -> gate.waiting.get() == 1);
        clock.advance(IDLE.multipliedBy(10));
        assertThat(limits.cleanUp()).as("in use: not idle").isZero();
        assertThat(limits.tryAcquire("b")).as("the cap is 1 and 'a' is in use: rejected").isFalse();
        assertThat(limits.newKeysRejected()).isEqualTo(1);
        assertThatThrownBy(() -> limits.acquire("b")).isInstanceOf(KeyedRateLimiter.KeysExhaustedException.class)
                .hasMessageContaining("1");
        assertThat(limits.newKeysRejected()).isEqualTo(2);
        assertThat(limits.refused()).as("each rejection is a refused call too").isEqualTo(2);
        gate.open.countDown();
        call.get();
        assertThat(gate.closed).isFalse();
        assertThat(limits.cleanUp()).as("idle counts from the end of the wait").isZero();
        clock.advance(IDLE);
        assertThat(limits.cleanUp()).isEqualTo(1);
        assertThat(gate.closed).isTrue();
    }

    @Test
    void sweepsOnAccessEvictIdleKeysWithoutCleanUp() {
        KeyedRateLimiter<String> limits = keyed(1, 1_000);
        for (int i = 0; i < 100; i++) {
            limits.tryAcquire("old-" + i);
        }
        clock.advance(IDLE);
        for (int i = 0; i < 100; i++) {
            limits.tryAcquire("new-" + i); // each new key sweeps a few entries
        }
        assertThat(limits.stats().idleEvictions()).as("the amortised sweeps found the idle keys").isEqualTo(100);
        assertThat(limits.size()).isEqualTo(100);
    }

    // ---------------------------------------------------------------- stats

    @Test
    void statsCountRefusedRequestsApartFromNewKeysRejectedAtTheCap() throws Exception {
        try (KeyedRateLimiter<String> limits = KeyedRateLimiter.tokenBuckets(1, 2, 1, Duration.ofHours(1), clock)) {
            assertThat(limits.tryAcquire("a", 2)).isTrue();
            assertThat(limits.tryAcquire("a")).as("its burst is used up").isFalse();
            assertThat(limits.tryAcquire("a")).isFalse();
            assertThat(limits.stats()).as("refused by the key's limiter, no key rejected")
                    .isEqualTo(new KeyedRateLimiter.Stats(1, 0, 0, 0, 2));
            try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(10), clock)) {
                assertThatThrownBy(() -> limits.acquire(ctx, "a", 1)).as("due in 1 s, after the deadline")
                        .isInstanceOf(WaitExceedsDeadlineException.class);
            }
            assertThat(limits.refused()).as("a wait refused at once is a refused call").isEqualTo(3);
            CancelableContext giveUp = Context.withCancel(Context.background());
            RateLimiterContract.Call waiter = RateLimiterContract.Call.start(() -> limits.acquire(giveUp, "a", 1));
            waiter.awaitParked();
            giveUp.cancel();
            assertThat(waiter.failure()).isInstanceOf(ContextCanceledException.class);
            assertThat(limits.refused()).as("a caller that gives up was not refused").isEqualTo(3);
        }
    }

    // ---------------------------------------------------------------- idle time vs refill time

    @Test
    void tokenBucketsRefuseAnIdleTimeShorterThanTheRefillTime() {
        assertThatThrownBy(() -> KeyedRateLimiter.tokenBuckets(10, 5, 100, Duration.ofMillis(499), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("idleTime must be at least the refill time burst / rate = PT0.5S")
                .hasMessageContaining("was PT0.499S");
        KeyedRateLimiter.tokenBuckets(10, 5, 100, Duration.ofMillis(500), clock).close(); // exactly the refill time
        assertThatThrownBy(() -> KeyedRateLimiter.tokenBuckets(0, 5, 100, IDLE, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("rate must be");
        assertThatThrownBy(() -> KeyedRateLimiter.tokenBuckets(10, 5, 100, IDLE, null))
                .isInstanceOf(NullPointerException.class).hasMessage("clock");
    }

    @Test
    void withAnIdleTimeOfTheRefillTimeAnEvictedKeyComesBackNoFullerThanItsOldBucket() {
        // rate 1/s, burst 5: refill time 5 s. A lone bucket beside it is the reference.
        try (KeyedRateLimiter<String> limits = KeyedRateLimiter.tokenBuckets(1, 5, 10, Duration.ofSeconds(5), clock)) {
            AtomicTokenBucket alone = new AtomicTokenBucket(1, 5, clock);
            assertThat(limits.tryAcquire("a", 5)).isTrue();
            assertThat(alone.tryAcquire(5)).isTrue();
            clock.advance(Duration.ofSeconds(5));
            assertThat(limits.cleanUp()).isEqualTo(1);
            assertThat(limits.tryAcquire("a", 5)).isEqualTo(alone.tryAcquire(5)).isTrue();
            assertThat(limits.tryAcquire("a")).isEqualTo(alone.tryAcquire()).isFalse();
        }
    }

    @Test
    void withAFactoryAnIdleTimeShorterThanTheRefillTimeOverAdmitsAsDocumented() {
        // The limiters a factory makes are opaque, so this is not refused: a key evicted after 1 s comes
        // back with a full burst although its bucket (burst 5, 1/s) would hold 1 permit.
        try (KeyedRateLimiter<String> limits = new KeyedRateLimiter<>(k -> new AtomicTokenBucket(1, 5, clock), 10,
                Duration.ofSeconds(1), clock)) {
            assertThat(limits.tryAcquire("a", 5)).isTrue();
            clock.advance(Duration.ofSeconds(1));
            assertThat(limits.cleanUp()).isEqualTo(1);
            assertThat(limits.tryAcquire("a", 5)).as("10 permits in 1 s where one bucket grants 6").isTrue();
        }
    }

    // ---------------------------------------------------------------- the cap

    @Test
    void aMillionDistinctKeysNeverGrowItPastTheCap() {
        int cap = 1_000;
        AtomicInteger closed = new AtomicInteger();
        KeyedRateLimiter<Integer> limits = new KeyedRateLimiter<>(k -> new Bucket(1, closed), cap, IDLE, clock);
        for (int key = 0; key < 1_000_000; key++) {
            assertThat(limits.tryAcquire(key)).isTrue();
            if (limits.reservedSlots() > cap) {
                throw new AssertionError("slots " + limits.reservedSlots() + " > cap at key " + key);
            }
        }
        assertThat(limits.size()).isEqualTo(cap);
        assertThat(limits.stats()).isEqualTo(new KeyedRateLimiter.Stats(cap, 0, 1_000_000 - cap, 0, 0));
        assertThat(closed.get()).as("every evicted limiter closed").isEqualTo(1_000_000 - cap);
    }

    @Test
    void concurrentFloodOfDistinctKeysNeverExceedsTheCap() throws Exception {
        int cap = 500;
        AtomicInteger closed = new AtomicInteger();
        KeyedRateLimiter<Integer> limits = new KeyedRateLimiter<>(k -> new Bucket(1, closed), cap, IDLE, clock);
        int threads = 4;
        int perThread = 100_000;
        AtomicInteger maxSlots = new AtomicInteger();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            done.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < perThread; i++) {
                    limits.tryAcquire(base + i);
                    limits.tryAcquire(i % 50); // hot keys shared by all threads
                    maxSlots.accumulateAndGet(limits.reservedSlots(), Math::max);
                }
            }));
        }
        for (CompletableFuture<Void> f : done) {
            f.get(100, TimeUnit.SECONDS);
        }
        assertThat(maxSlots.get()).isLessThanOrEqualTo(cap);
        assertThat(limits.size()).isLessThanOrEqualTo(cap).isEqualTo(limits.reservedSlots());
        assertThat((long) closed.get()).as("closed == evicted").isEqualTo(limits.evictions());
        assertThat(limits.newKeysRejected()).isZero();
    }

    @Test
    void atTheCapTheLeastRecentlyUsedKeyMakesRoom() {
        KeyedRateLimiter<String> limits = keyed(10, 3);
        limits.tryAcquire("a");
        clock.advance(Duration.ofMillis(1));
        limits.tryAcquire("b");
        clock.advance(Duration.ofMillis(1));
        limits.tryAcquire("c");
        clock.advance(Duration.ofMillis(1));
        limits.tryAcquire("a"); // now b is the least recently used
        clock.advance(Duration.ofMillis(1));
        assertThat(limits.tryAcquire("d")).isTrue();
        assertThat(limits.size()).isEqualTo(3);
        assertThat(limits.stats().capacityEvictions()).isEqualTo(1);
        assertThat(made.get(1).closed).as("b's limiter was evicted").isTrue();
        assertThat(made.get(0).closed || made.get(2).closed).isFalse();
    }

    @Test
    void atTheCapAnIdleKeyIsEvictedBeforeAnyActiveOne() {
        KeyedRateLimiter<String> limits = keyed(10, 2);
        limits.tryAcquire("a");
        clock.advance(IDLE.minusMillis(1));
        limits.tryAcquire("b");
        clock.advance(Duration.ofMillis(1)); // a is idle now, b is not
        assertThat(limits.tryAcquire("c")).isTrue();
        assertThat(limits.stats()).isEqualTo(new KeyedRateLimiter.Stats(2, 1, 0, 0, 0));
        assertThat(made.get(0).closed).isTrue();
    }

    @Test
    void aSweepNeverKillsAnEntryUsedAfterItLookedAndADeadEntryIsNeverPinnedAgain() {
        KeyedRateLimiter.Entry<String> e = new KeyedRateLimiter.Entry<>("k", new Bucket(1), 0L);
        e.unpin(0L);                                   // made pinned by its creator; now unused
        long seen = e.state;                           // the sweeper looks: unpinned, idle
        assertThat(e.pin()).isTrue();                  // a call uses it meanwhile...
        e.unpin(1L);                                   // ...and is done: unpinned again
        assertThat(e.kill(seen)).as("used since the sweeper looked: not killed").isFalse();
        assertThat(e.pin()).isTrue();
        assertThat(e.kill(e.state)).as("in use: never killed").isFalse();
        e.unpin(2L);
        assertThat(e.kill(e.state)).isTrue();
        assertThat(e.pin()).as("DEAD is final").isFalse();
        assertThat(e.kill(KeyedRateLimiter.Entry.DEAD)).isFalse();
    }

    // ---------------------------------------------------------------- close

    @Test
    void closeClosesEveryLimiterAndRefusesLaterCalls() {
        KeyedRateLimiter<String> limits = keyed(1, 10);
        limits.tryAcquire("a");
        limits.tryAcquire("b");
        limits.close();
        assertThat(made).allMatch(b -> b.closed);
        assertThat(limits.size()).isZero();
        assertThatThrownBy(() -> limits.tryAcquire("a")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        limits.close(); // again: nothing
        assertThat(limits.toString()).contains("closed");
    }

    @Test
    void closeLetsACallInProgressFinishThenClosesItsLimiter() throws Exception {
        Gate gate = new Gate();
        KeyedRateLimiter<String> limits = new KeyedRateLimiter<>(k -> gate, 10, IDLE, clock);
        RateLimiterContract.Call call = RateLimiterContract.Call.start(() -> limits.acquire("a"));
        await().atMost(Duration.ofSeconds(30)).until(() -> gate.waiting.get() == 1);
        limits.close();
        assertThat(gate.closed).as("in use").isFalse();
        gate.open.countDown();
        call.get();
        assertThat(gate.closed).isTrue();
        assertThat(gate.usedAfterClose).isFalse();
    }

    @Test
    void aLimiterThatFailsToCloseIsReportedNotThrown() {
        AtomicInteger reported = new AtomicInteger();
        Thread.UncaughtExceptionHandler previous = Thread.currentThread().getUncaughtExceptionHandler();
        Thread.currentThread().setUncaughtExceptionHandler((t, e) -> reported.incrementAndGet());
        try {
            KeyedRateLimiter<String> limits = new KeyedRateLimiter<>(k -> new Bucket(1) {
                @Override
                public void close() {
                    throw new IllegalStateException("boom");
                }
            }, 10, IDLE, clock);
            limits.tryAcquire("a");
            clock.advance(IDLE);
            assertThat(limits.cleanUp()).isEqualTo(1);
            assertThat(reported.get()).isEqualTo(1);
        } finally {
            Thread.currentThread().setUncaughtExceptionHandler(previous);
        }
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void badArgumentsAreRejectedNamingThem() {
        assertThatThrownBy(() -> new KeyedRateLimiter<String>(null, 1, IDLE, clock))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("factory");
        assertThatThrownBy(() -> new KeyedRateLimiter<String>(k -> new Bucket(1), 0, IDLE, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxKeys");
        assertThatThrownBy(() -> new KeyedRateLimiter<String>(k -> new Bucket(1), 1, Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleTime");
        assertThatThrownBy(() -> new KeyedRateLimiter<String>(k -> new Bucket(1), 1, Duration.ofSeconds(-1), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleTime");
        assertThatThrownBy(() -> new KeyedRateLimiter<String>(k -> new Bucket(1), 1, null, clock))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("idleTime");
        assertThatThrownBy(() -> new KeyedRateLimiter<String>(k -> new Bucket(1), 1, IDLE, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("clock");
        KeyedRateLimiter<String> limits = keyed(1, 1);
        assertThatThrownBy(() -> limits.tryAcquire(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> limits.acquire(null, 1)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> limits.acquire(null, "a", 1)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("ctx");
        assertThatThrownBy(() -> limits.tryAcquire("a", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("permits");
        assertThat(limits.size()).as("nothing made for bad calls").isZero();
    }

    @Test
    void aFactoryThatReturnsNullOrThrowsInsertsNothingAndFreesTheSlot() {
        KeyedRateLimiter<String> limits = new KeyedRateLimiter<>(k -> switch (k) {
            case "null" -> null;
            case "boom" -> throw new IllegalStateException("boom");
            default -> new Bucket(1);
        }, 1, IDLE, clock);
        assertThatThrownBy(() -> limits.tryAcquire("null")).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("factory returned null");
        assertThatThrownBy(() -> limits.tryAcquire("boom")).isInstanceOf(IllegalStateException.class);
        assertThat(limits.reservedSlots()).isZero();
        assertThat(limits.tryAcquire("ok")).as("the one slot is still free").isTrue();
        assertThat(limits.stats()).isEqualTo(new KeyedRateLimiter.Stats(1, 0, 0, 0, 0));
    }

    // ---------------------------------------------------------------- test limiters

    /** A burst that never refills; records close and use after close. */
    static class Bucket implements RateLimiter, AutoCloseable {
        private final AtomicInteger closedCount;
        private int left;
        volatile boolean closed;
        volatile boolean usedAfterClose;

        Bucket(int burst) {
            this(burst, null);
        }

        Bucket(int burst, AtomicInteger closedCount) {
            this.left = burst;
            this.closedCount = closedCount;
        }

        @Override
        public synchronized boolean tryAcquire(int permits) {
            if (closed) {
                usedAfterClose = true;
            }
            if (permits <= left) {
                left -= permits;
                return true;
            }
            return false;
        }

        @Override
        public void acquire(int permits) throws InterruptedException {
            throw new UnsupportedOperationException();
        }

        @Override
        public void acquire(Context ctx, int permits) throws InterruptedException {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            closed = true;
            if (closedCount != null) {
                closedCount.incrementAndGet();
            }
        }
    }

    /** A limiter whose blocking acquire waits for a latch: a limiter in use for as long as a test wants. */
    static final class Gate extends Bucket {
        final CountDownLatch open = new CountDownLatch(1);
        final AtomicInteger waiting = new AtomicInteger();

        Gate() {
            super(1);
        }

        @Override
        public void acquire(int permits) throws InterruptedException {
            waiting.incrementAndGet();
            open.await();
            if (closed) {
                usedAfterClose = true;
            }
        }
    }
}

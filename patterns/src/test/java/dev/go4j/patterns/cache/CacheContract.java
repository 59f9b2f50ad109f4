package dev.go4j.patterns.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import dev.go4j.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link Cache} flavour passes (JCTools' {@code QueueSanityTest} habit): one subclass
 * per flavour builds the cache from a builder with a default time to live of {@link #TTL}, a janitor
 * interval of {@link #INTERVAL} and a {@link ManualClock}. Time moves only by
 * {@link ManualClock#advance}, so every expiry is checked at exact instants; what a janitor does on its
 * own thread is awaited with Awaitility. Nothing sleeps.
 */
@Timeout(60)
abstract class CacheContract {

    static final Duration TTL = Duration.ofSeconds(10);
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Duration NANO = Duration.ofNanos(1);
    private static final Duration LONG = Duration.ofSeconds(30);

    ManualClock clock;
    Cache<String, String> cache;
    private final List<Cache<?, ?>> built = new ArrayList<>();

    /** Builds the flavour under test from {@code b}. */
    abstract <K, V> Cache<K, V> build(CacheBuilder b);

    /** A builder with the contract's settings, on {@link #clock}. */
    CacheBuilder builder() {
        return Cache.builder().defaultTtl(TTL).janitorInterval(INTERVAL).clock(clock);
    }

    /** Builds a cache that is closed after the test. */
    <K, V> Cache<K, V> make(CacheBuilder b) {
        Cache<K, V> c = build(b);
        built.add(c);
        return c;
    }

    @BeforeEach
    void makeCache() {
        clock = new ManualClock();
        cache = make(builder());
    }

    @AfterEach
    void closeCaches() {
        built.forEach(Cache::close);
    }

    /** Moves the clock to {@code at} after the cache was made (it starts at 0). */
    void at(Duration at) {
        clock.advance(Duration.ofNanos(at.toNanos() - clock.nanoTime()));
    }

    // ---------------------------------------------------------------- expiry, at fixed instants

    record Step(Duration at, String expected) {}

    @Test
    void entryIsVisibleUntilItsDeadlineAndNeverFromIt() {
        cache.set("k", "v");
        List<Step> table = List.of(
                new Step(Duration.ZERO, "v"),
                new Step(TTL.dividedBy(2), "v"),
                new Step(TTL.minus(NANO), "v"),
                new Step(TTL, null),
                new Step(TTL.plus(NANO), null),
                new Step(TTL.multipliedBy(5), null));
        for (Step s : table) {
            at(s.at());
            assertThat(cache.get("k")).as("get at %s", s.at()).isEqualTo(s.expected());
        }
    }

    @Test
    void setWithTtlExpiresAtItsOwnDeadline() {
        cache.set("short", "1", Duration.ofMillis(1500));
        cache.set("default", "2");
        List<Step> table = List.of(
                new Step(Duration.ofMillis(1500).minus(NANO), "1"),
                new Step(Duration.ofMillis(1500), null));
        for (Step s : table) {
            at(s.at());
            assertThat(cache.get("short")).as("short at %s", s.at()).isEqualTo(s.expected());
            assertThat(cache.get("default")).as("default at %s", s.at()).isEqualTo("2");
        }
    }

    @Test
    void overwriteReplacesTheValueAndRestartsTheTtl() {
        cache.set("k", "old");
        at(Duration.ofSeconds(6));
        cache.set("k", "new");
        List<Step> table = List.of(
                new Step(Duration.ofSeconds(10), "new"),
                new Step(Duration.ofSeconds(16).minus(NANO), "new"),
                new Step(Duration.ofSeconds(16), null));
        for (Step s : table) {
            at(s.at());
            assertThat(cache.get("k")).as("get at %s", s.at()).isEqualTo(s.expected());
        }
    }

    @Test
    void hugeTtlNeverExpires() {
        Duration century = Duration.ofDays(365L * 100);
        cache.close(); // its janitor would tick every second for a century
        Cache<String, String> c = make(builder().janitorInterval(century.multipliedBy(2))); // no tick storm
        c.set("k", "v", Duration.ofDays(365L * 1_000_000));
        at(century);
        assertThat(c.get("k")).isEqualTo("v");
    }

    /** The longest Durations there are: far past what a long of nanoseconds holds. */
    static final Duration[] EXTREME = {
            Duration.ofDays(365_000), Duration.ofSeconds(Long.MAX_VALUE), Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)};

    @Test
    void anExtremeDefaultTtlSaturatesAndNeverExpires() {
        Duration century = Duration.ofDays(365L * 100);
        for (Duration ttl : EXTREME) {
            Cache<String, String> c = make(builder().defaultTtl(ttl).janitorInterval(century.multipliedBy(2)));
            c.set("k", "v");
            assertThat(c.get("k")).as("defaultTtl %s", ttl).isEqualTo("v");
        }
        cache.close(); // its janitor would tick every second for a century
        at(century);
        for (Cache<?, ?> c : built.subList(1, built.size())) {
            @SuppressWarnings("unchecked")
            Cache<String, String> typed = (Cache<String, String>) c;
            assertThat(typed.get("k")).as("a century later").isEqualTo("v");
        }
    }

    @Test
    void anExtremeExplicitTtlSaturatesAndNeverExpires() {
        Duration century = Duration.ofDays(365L * 100);
        cache.close();
        Cache<String, String> c = make(builder().janitorInterval(century.multipliedBy(2)));
        for (Duration ttl : EXTREME) {
            c.set("k" + ttl.getNano(), "v", ttl);
        }
        at(century);
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.get("k0")).isEqualTo("v");
        assertThat(c.get("k999999999")).isEqualTo("v");
    }

    @Test
    void anExtremeJanitorIntervalSaturatesBuildsAndNeverSweeps() {
        cache.close();
        for (Duration interval : EXTREME) {
            Cache<String, String> c = make(builder().janitorInterval(interval));
            c.set("k", "v", Duration.ofSeconds(1));
            assertThat(c.size()).as("janitorInterval %s", interval).isEqualTo(1);
        }
        at(Duration.ofDays(365L * 100));
        for (Cache<?, ?> c : built.subList(1, built.size())) {
            @SuppressWarnings("unchecked")
            Cache<String, String> typed = (Cache<String, String>) c;
            assertThat(typed.size()).as("expired, but no sweep due in a century").isEqualTo(1);
            assertThat(typed.get("k")).isNull();
        }
    }

    @Test
    void deleteRemovesTheKeyAndSaysWhetherALiveEntryWasThere() {
        assertThat(cache.delete("absent")).isFalse();
        cache.set("k", "v");
        assertThat(cache.delete("k")).isTrue();
        assertThat(cache.get("k")).isNull();
        assertThat(cache.delete("k")).as("deleted twice").isFalse();
        cache.set("e", "v", Duration.ofSeconds(1));
        at(Duration.ofSeconds(1));
        assertThat(cache.delete("e")).as("expired entry: not live").isFalse();
        assertThat(cache.get("e")).isNull();
    }

    @Test
    void sizeCountsExpiredEntriesUntilTheJanitorSweepsThem() {
        cache.set("a", "1", Duration.ofMillis(300));
        cache.set("b", "2", Duration.ofMillis(300));
        cache.set("c", "3");
        at(Duration.ofMillis(500));
        assertThat(cache.size()).as("expired but not swept yet (Go's ItemCount)").isEqualTo(3);
        at(INTERVAL);
        await().atMost(LONG).until(() -> cache.size() == 1);
        assertThat(cache.get("c")).isEqualTo("3");
    }

    @Test
    void janitorKeepsSweepingEveryInterval() {
        cache.set("a", "1", Duration.ofMillis(1500));
        at(INTERVAL);
        awaitJanitorArmed();
        cache.set("b", "2", Duration.ofMillis(500)); // expires at 1.5 s too
        at(INTERVAL.multipliedBy(2));
        await().atMost(LONG).until(() -> cache.size() == 0);
    }

    @Test
    void ttlJitterSpreadsExpiryWithinTheFraction() {
        Cache<Integer, Integer> c = make(builder().ttlJitter(0.5));
        int n = 400;
        for (int i = 0; i < n; i++) {
            c.set(i, i);
        }
        // every ttl is in [5 s, 15 s): all live just before 5 s, none at 15 s, some of each at 10 s
        at(TTL.dividedBy(2).minus(NANO));
        assertThat(live(c, n)).as("just before ttl * (1 - 0.5)").isEqualTo(n);
        at(TTL);
        assertThat(live(c, n)).as("at ttl: about half").isStrictlyBetween(n / 4, 3 * n / 4);
        at(TTL.multipliedBy(3).dividedBy(2));
        assertThat(live(c, n)).as("at ttl * (1 + 0.5)").isZero();
    }

    @Test
    void ttlJitterLeavesAnExplicitTtlExact() {
        Cache<String, String> c = make(builder().ttlJitter(1.0));
        c.set("k", "v", Duration.ofSeconds(2));
        at(Duration.ofSeconds(2).minus(NANO));
        assertThat(c.get("k")).isEqualTo("v");
        at(Duration.ofSeconds(2));
        assertThat(c.get("k")).isNull();
    }

    private static int live(Cache<Integer, Integer> c, int n) {
        int live = 0;
        for (int i = 0; i < n; i++) {
            if (c.get(i) != null) {
                live++;
            }
        }
        return live;
    }

    // ---------------------------------------------------------------- loading

    @Test
    void getOrLoadCachesTheLoadedValueForTheDefaultTtl() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        Callable<String> loader = () -> "v" + loads.incrementAndGet();
        assertThat(cache.getOrLoad("k", loader)).isEqualTo("v1");
        assertThat(cache.getOrLoad("k", loader)).as("a hit").isEqualTo("v1");
        assertThat(cache.get("k")).isEqualTo("v1");
        at(TTL.minus(NANO));
        assertThat(cache.getOrLoad("k", loader)).isEqualTo("v1");
        at(TTL);
        assertThat(cache.getOrLoad("k", loader)).as("expired: loaded again").isEqualTo("v2");
        assertThat(loads).hasValue(2);
    }

    @Test
    void getOrLoadReturnsALiveValueWithoutLoading() throws Exception {
        cache.set("k", "set");
        assertThat(cache.getOrLoad("k", () -> {
            throw new AssertionError("must not load");
        })).isEqualTo("set");
    }

    @Test
    void aLoaderThatLoadsItsOwnKeyFailsWithRecursiveLoadInsteadOfDeadlocking() throws Exception {
        // Go: singleflight.Do for the same key inside its own function deadlocks; Caffeine throws.
        Call<String> outer = Call.start(() -> cache.getOrLoad("k", () -> cache.getOrLoad("k", () -> "inner")));
        assertThat(outer.failure()).as("the outer load failed with the inner call's error")
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Recursive load").hasMessageContaining("key k");
        assertThat(cache.get("k")).as("nothing cached").isNull();
        assertThat(cache.getOrLoad("k", () -> "later")).as("the key loads normally afterwards").isEqualTo("later");
    }

    @Test
    void aRecursiveLoadWithAContextFailsToo() throws Exception {
        Context ctx = Context.background();
        Call<String> outer = Call.start(() -> cache.getOrLoad(ctx, "k", () -> cache.getOrLoad(ctx, "k", () -> "inner")));
        assertThat(outer.failure()).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessageStartingWith("Recursive load");
    }

    @Test
    void aLoadCycleThroughAnotherKeyOnOneThreadFailsWithRecursiveLoad() throws Exception {
        Call<String> outer = Call.start(() -> cache.getOrLoad("a",
                () -> "a+" + cache.getOrLoad("b", () -> "b+" + cache.getOrLoad("a", () -> "again"))));
        assertThat(outer.failure()).isInstanceOf(ExecutionException.class)
                .rootCause().isInstanceOf(IllegalStateException.class).hasMessageContaining("key a");
        assertThat(cache.get("a")).isNull();
        assertThat(cache.get("b")).isNull();
    }

    @Test
    void aLoaderMayLoadOtherKeys() throws Exception {
        assertThat(cache.getOrLoad("a", () -> "a+" + cache.getOrLoad("b", () -> "b"))).isEqualTo("a+b");
        assertThat(cache.get("b")).isEqualTo("b");
        assertThat(cache.get("a")).isEqualTo("a+b");
    }

    @Test
    void concurrentCallersForOneKeyShareOneLoad() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<Call<String>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(Call.start(() -> cache.getOrLoad("k", () -> {
                loads.incrementAndGet();
                release.await();
                return "loaded";
            })));
        }
        calls.forEach(Call::awaitParked); // the leader in its loader, the others waiting for its flight
        release.countDown();
        for (Call<String> c : calls) {
            assertThat(c.get()).isEqualTo("loaded");
        }
        assertThat(loads).as("singleflight: one load").hasValue(1);
        assertThat(cache.get("k")).isEqualTo("loaded");
    }

    @Test
    void failedLoadReachesEveryWaiterAndIsNotCached() throws Exception {
        IOException boom = new IOException("backend down");
        CountDownLatch release = new CountDownLatch(1);
        List<Call<String>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(Call.start(() -> cache.getOrLoad("k", () -> {
                release.await();
                throw boom;
            })));
        }
        calls.forEach(Call::awaitParked);
        release.countDown();
        for (Call<String> c : calls) {
            assertThat(c.failure()).isInstanceOf(ExecutionException.class).hasCause(boom);
        }
        assertThat(cache.get("k")).isNull();
        assertThat(cache.size()).isZero();
        assertThat(cache.getOrLoad("k", () -> "retried")).as("the next call loads anew").isEqualTo("retried");
    }

    @Test
    void loaderReturningNullFailsAndCachesNothing() {
        assertThatThrownBy(() -> cache.getOrLoad("k", () -> null))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(NullPointerException.class).hasMessageContaining("loader returned null");
        assertThat(cache.get("k")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void aSlowLoadStallsNoOtherKey() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Call<String> slow = Call.start(() -> cache.getOrLoad("slow", () -> {
            release.await();
            return "finally";
        }));
        slow.awaitParked();
        // all on this thread while the load is blocked: none of it may wait for it
        cache.set("b", "1");
        assertThat(cache.get("b")).isEqualTo("1");
        assertThat(cache.getOrLoad("c", () -> "2")).isEqualTo("2");
        assertThat(cache.delete("b")).isTrue();
        assertThat(cache.get("slow")).as("a load in flight reads as absent").isNull();
        assertThat(cache.size()).as("a load in flight is not an entry").isEqualTo(1);
        release.countDown();
        assertThat(slow.get()).isEqualTo("finally");
        assertThat(cache.get("slow")).isEqualTo("finally");
    }

    @Test
    void aSetAfterTheLoadStartedWinsOverTheLoad() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Call<String> load = Call.start(() -> cache.getOrLoad("k", () -> {
            release.await();
            return "loaded";
        }));
        load.awaitParked();
        cache.set("k", "set");
        release.countDown();
        assertThat(load.get()).as("the load's callers get its value").isEqualTo("loaded");
        assertThat(cache.get("k")).as("but the newer set stays cached").isEqualTo("set");
    }

    @Test
    void aDeleteAfterTheLoadStartedWinsOverTheLoad() throws Exception {
        cache.set("k", "stale", Duration.ofSeconds(1));
        at(Duration.ofSeconds(1));
        CountDownLatch release = new CountDownLatch(1);
        Call<String> load = Call.start(() -> cache.getOrLoad("k", () -> {
            release.await();
            return "loaded-from-old-data";
        }));
        load.awaitParked();
        cache.delete("k"); // invalidation while the load runs
        release.countDown();
        assertThat(load.get()).isEqualTo("loaded-from-old-data");
        assertThat(cache.get("k")).as("the invalidation is not undone by the load").isNull();
    }

    @Test
    void getOrLoadWithContextGivesUpWaitingButTheLoadGoesOn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Call<String> leader = Call.start(() -> cache.getOrLoad("k", () -> {
            release.await();
            return "loaded";
        }));
        leader.awaitParked();
        CancelableContext ctx = Context.withCancel(Context.background());
        Call<String> waiter = Call.start(() -> cache.getOrLoad(ctx, "k", () -> "never"));
        waiter.awaitParked();
        ctx.cancel();
        assertThat(waiter.failure()).isInstanceOf(ContextCanceledException.class);
        release.countDown();
        assertThat(leader.get()).isEqualTo("loaded");
        assertThat(cache.get("k")).isEqualTo("loaded");
    }

    @Test
    void getOrLoadWithContextLoadsAndCaches() throws Exception {
        assertThat(cache.getOrLoad(Context.background(), "k", () -> "v")).isEqualTo("v");
        assertThat(cache.get("k")).isEqualTo("v");
    }

    // ---------------------------------------------------------------- maximum size

    @Test
    void maximumSizeIsNeverExceededAndTheNewestWriteIsKept() {
        Cache<Integer, Integer> c = make(builder().maximumSize(16));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            int k = random.nextInt(100);
            c.set(k, i);
            assertThat(c.size()).as("after %d writes", i + 1).isLessThanOrEqualTo(16);
            assertThat(c.get(k)).as("the write just made").isEqualTo(i);
        }
    }

    @Test
    void maximumSizeHoldsForLoadsToo() throws Exception {
        Cache<Integer, Integer> c = make(builder().maximumSize(8));
        for (int i = 0; i < 100; i++) {
            int k = i;
            assertThat(c.getOrLoad(k, () -> k * 2)).isEqualTo(k * 2);
            assertThat(c.size()).isLessThanOrEqualTo(8);
        }
    }

    @Test
    void maximumSizeHoldsUnderConcurrentWriters() throws Exception {
        int max = 32;
        Cache<Integer, Integer> c = make(builder().maximumSize(max));
        AtomicInteger worst = new AtomicInteger();
        List<Call<Void>> writers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int seed = t;
            writers.add(Call.start(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                for (int i = 0; i < 20_000; i++) {
                    c.set(random.nextInt(1_000), i);
                    if ((i & 63) == 0) {
                        worst.accumulateAndGet(c.size(), Math::max);
                    }
                }
                return null;
            }));
        }
        for (Call<Void> w : writers) {
            w.get();
        }
        assertThat(worst.get()).isLessThanOrEqualTo(max);
        assertThat(c.size()).isLessThanOrEqualTo(max).isPositive();
    }

    // ---------------------------------------------------------------- close

    @Test
    void closeReleasesTheClocksTimers() {
        assertThat(clock.pendingTimers()).as("the janitor's ticker or scheduled sweep").isEqualTo(1);
        cache.close();
        await().atMost(LONG).until(() -> clock.pendingTimers() == 0);
    }

    @Test
    void everyCallAfterCloseThrowsAndCloseIsIdempotent() {
        cache.set("k", "v");
        cache.close();
        cache.close();
        List<Runnable> calls = List.of(
                () -> cache.get("k"),
                () -> cache.set("k", "v"),
                () -> cache.set("k", "v", TTL),
                () -> cache.delete("k"),
                () -> cache.size(),
                () -> call(() -> cache.getOrLoad("k", () -> "v")),
                () -> call(() -> cache.getOrLoad(Context.background(), "k", () -> "v")));
        for (Runnable r : calls) {
            assertThatThrownBy(r::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }

    private static void call(Callable<?> c) {
        try {
            c.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void nullArgumentsAreRejectedNamingThem() {
        assertThatThrownBy(() -> cache.get(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> cache.set(null, "v")).isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> cache.set("k", null)).isInstanceOf(NullPointerException.class).hasMessage("value");
        assertThatThrownBy(() -> cache.set("k", "v", null)).isInstanceOf(NullPointerException.class).hasMessage("ttl");
        assertThatThrownBy(() -> cache.delete(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> cache.getOrLoad(null, () -> "v")).isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> cache.getOrLoad("k", null)).isInstanceOf(NullPointerException.class).hasMessage("loader");
        assertThatThrownBy(() -> cache.getOrLoad(null, "k", () -> "v")).isInstanceOf(NullPointerException.class).hasMessage("ctx");
    }

    @Test
    void nonPositiveTtlIsRejectedNamingIt() {
        for (Duration bad : List.of(Duration.ZERO, Duration.ofNanos(-1), Duration.ofSeconds(-5))) {
            assertThatThrownBy(() -> cache.set("k", "v", bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl must be positive");
        }
        assertThat(cache.size()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Waits until the janitor's next sweep is scheduled again (a flavour that re-arms after sweeping has
     * no pending timer meanwhile), so that the next advance reaches it.
     */
    void awaitJanitorArmed() {
        await().atMost(LONG).until(() -> clock.pendingTimers() >= 1);
    }

    /** A blocking call on a virtual thread whose future completes (or fails) when the call returns. */
    record Call<T>(Thread thread, CompletableFuture<T> returned) {
        static <T> Call<T> start(Callable<T> body) {
            CompletableFuture<T> returned = new CompletableFuture<>();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    returned.complete(body.call());
                } catch (Throwable e) {
                    returned.completeExceptionally(e);
                }
            });
            return new Call<>(t, returned);
        }

        /** Waits until the call is parked (blocked in a loader, or waiting for another caller's load). */
        void awaitParked() {
            await().atMost(LONG).until(() -> thread.getState() == Thread.State.WAITING || returned.isDone());
            assertThat(returned).as("the call should block").isNotDone();
        }

        T get() throws Exception {
            return returned.get(LONG.toSeconds(), TimeUnit.SECONDS);
        }

        Throwable failure() throws Exception {
            try {
                get();
            } catch (ExecutionException e) {
                return e.getCause();
            }
            throw new AssertionError("expected the call to fail");
        }
    }
}

package dev.go4j.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.go4j.redis.RedisRateLimiter.Decision;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The production script on the server's clock: the limit across instances, expiry, NOSCRIPT. */
@Timeout(120)
class RedisRateLimiterTest {
    /** Long enough that no decision here falls to the failure policy on a loaded machine. */
    private static final Duration SLOW_MACHINE = Duration.ofSeconds(10);
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static TestRedis redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    private static String freshPrefix() {
        return "rt" + PREFIXES.incrementAndGet() + ":";
    }

    /** The server's clock in microseconds (TIME). */
    private static long serverMicros() {
        List<String> t = redis.admin().time();
        return Long.parseLong(t.get(0)) * 1_000_000L + Long.parseLong(t.get(1));
    }

    @Test
    void manyThreadsOnTwoInstancesNeverExceedRateTimesElapsedPlusBurst() throws Exception {
        // Two clients (two instances of a service), eight threads each, one key.
        String prefix = freshPrefix();
        double rate = 50;
        int burst = 10;
        List<RedisRateLimiter> instances = List.of(
                RedisRateLimiter.builder(redis.connect(), rate, burst).keyPrefix(prefix).timeout(SLOW_MACHINE).build(),
                RedisRateLimiter.builder(redis.connect(), rate, burst).keyPrefix(prefix).timeout(SLOW_MACHINE).build());
        AtomicLong granted = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long startMicros = serverMicros(); // before the first decision
        long runUntil = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            RedisRateLimiter l = instances.get(i % 2);
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    while (System.nanoTime() - runUntil < 0) {
                        int n = ThreadLocalRandom.current().nextInt(1, 4);
                        if (l.tryAcquire("hot", n)) {
                            granted.addAndGet(n);
                        }
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        long endMicros = serverMicros(); // after the last decision
        assertThat(failure.get()).isNull();
        double bound = rate * (endMicros - startMicros) / 1e6 + burst;
        assertThat((double) granted.get()).as("permits granted vs rate * t + burst").isLessThanOrEqualTo(bound);
        assertThat(granted.get()).as("at least the burst").isGreaterThanOrEqualTo(burst);
        for (RedisRateLimiter l : instances) {
            assertThat(l.counters().failures()).as("every decision came from Redis").isZero();
        }
    }

    @Test
    void aGrantSetsTheKeysExpiryToWhenTheBucketIsFullAgain() {
        RedisRateLimiter l = RedisRateLimiter.builder(redis.connect(), 1, 3).keyPrefix(freshPrefix()).timeout(SLOW_MACHINE).build();
        assertThat(l.tryAcquire("e", 2)).isTrue(); // full again 2 s later
        long pttl = redis.admin().pttl(l.redisKey("e"));
        assertThat(pttl).as("expiry in ms").isBetween(1L, 2000L);
    }

    @Test
    void anIdleKeyExpiresAndComesBackFull() {
        RedisRateLimiter l = RedisRateLimiter.builder(redis.connect(), 10, 1).keyPrefix(freshPrefix()).timeout(SLOW_MACHINE).build();
        assertThat(l.tryAcquire("idle", 1)).isTrue();
        RedisCommands<String, String> admin = redis.admin();
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.exists(l.redisKey("idle")) == 0L);
        assertThat(l.decide("idle", 1)).extracting(Decision::allowed, Decision::remaining).containsExactly(true, 0L);
    }

    @Test
    void noscriptAfterTheCacheIsFlushedSendsTheScriptAgainOnce() {
        RedisRateLimiter l = RedisRateLimiter.builder(redis.connect(), 100, 100).keyPrefix(freshPrefix()).timeout(SLOW_MACHINE).build();
        assertThat(l.decide("k", 1).source()).isEqualTo(Decision.Source.REDIS);
        redis.admin().scriptFlush();
        assertThat(l.decide("k", 1).source()).isEqualTo(Decision.Source.REDIS);
        assertThat(l.decide("k", 1).source()).isEqualTo(Decision.Source.REDIS);
        assertThat(l.counters().scriptReloads()).as("EVAL once, then EVALSHA again").isBetween(1L, 2L);
        assertThat(l.counters().failures()).isZero();
        assertThat(l.counters().decisions()).isEqualTo(3);
    }

    @Test
    void oneDecisionIsOneScriptCall() {
        RedisRateLimiter l = RedisRateLimiter.builder(redis.connect(), 1000, 1000).keyPrefix(freshPrefix()).timeout(SLOW_MACHINE).build();
        assertThat(l.decide("warm", 1).source()).isEqualTo(Decision.Source.REDIS); // loads the script if needed
        redis.admin().configResetstat();
        for (int i = 0; i < 100; i++) {
            l.tryAcquire("k" + (i % 7), 1);
        }
        String stats = redis.admin().info("commandstats");
        assertThat(stats).contains("cmdstat_evalsha:calls=100,");
        assertThat(stats).doesNotContain("cmdstat_eval:");
    }
}

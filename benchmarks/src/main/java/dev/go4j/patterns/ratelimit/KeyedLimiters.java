package dev.go4j.patterns.ratelimit;

import dev.go4j.patterns.ratelimit.KeyedRateLimiterBenchmark.Impl;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The per-key limiters that {@link KeyedRateLimiterBenchmark} and {@link KeyedRateLimiterFootprint}
 * compare, behind one small interface: go4j's {@link KeyedRateLimiter}, the naive unbounded
 * {@link ConcurrentHashMap} (the Java twin of Go's {@code map[string]*rate.Limiter}), and a
 * Caffeine cache bounded to the same number of keys holding go4j limiters or Bucket4j buckets. Every
 * key gets 10 permits per second.
 */
final class KeyedLimiters {

    /** Permits per key per second. */
    static final int RATE = 10;
    /** How long a quiet key is kept. */
    static final Duration IDLE = Duration.ofMinutes(3);

    /** One per-key limiter set. */
    interface PerKey {
        boolean tryAcquire(String key);

        /** Keys held now (Caffeine: after its pending maintenance). */
        long keys();

        /** The object whose graph is the limiter set's heap. */
        Object root();
    }

    private KeyedLimiters() {}

    /** A fresh 10-per-second go4j limiter for one key. */
    static RateLimiter limiter(String key) {
        return new SlidingWindowLimiter(RATE, Duration.ofSeconds(1));
    }

    /**
     * Makes the implementation, bounded to {@code maxKeys} where it can be. Caffeine runs its
     * maintenance on {@code executor} (the common pool by default; the caller's thread for exact
     * footprints).
     */
    static PerKey create(Impl impl, int maxKeys, Executor executor) {
        return switch (impl) {
            case GO4J -> {
                KeyedRateLimiter<String> k = new KeyedRateLimiter<>(KeyedLimiters::limiter, maxKeys, IDLE);
                yield new PerKey() {
                    @Override
                    public boolean tryAcquire(String key) {
                        return k.tryAcquire(key);
                    }

                    @Override
                    public long keys() {
                        return k.size();
                    }

                    @Override
                    public Object root() {
                        return k;
                    }
                };
            }
            case CHM_UNBOUNDED -> {
                ConcurrentHashMap<String, RateLimiter> m = new ConcurrentHashMap<>();
                yield new PerKey() {
                    @Override
                    public boolean tryAcquire(String key) {
                        return m.computeIfAbsent(key, KeyedLimiters::limiter).tryAcquire();
                    }

                    @Override
                    public long keys() {
                        return m.size();
                    }

                    @Override
                    public Object root() {
                        return m;
                    }
                };
            }
            case CAFFEINE_BOUNDED -> {
                Cache<String, RateLimiter> c = caffeine(maxKeys, executor);
                yield new PerKey() {
                    @Override
                    public boolean tryAcquire(String key) {
                        return c.get(key, KeyedLimiters::limiter).tryAcquire();
                    }

                    @Override
                    public long keys() {
                        c.cleanUp();
                        return c.estimatedSize();
                    }

                    @Override
                    public Object root() {
                        return c;
                    }
                };
            }
            case CAFFEINE_BUCKET4J -> {
                Cache<String, Bucket> c = caffeine(maxKeys, executor);
                yield new PerKey() {
                    @Override
                    public boolean tryAcquire(String key) {
                        return c.get(key, k -> Bucket.builder()
                                .addLimit(Bandwidth.builder().capacity(RATE).refillGreedy(RATE, Duration.ofSeconds(1)).build())
                                .build()).tryConsume(1);
                    }

                    @Override
                    public long keys() {
                        c.cleanUp();
                        return c.estimatedSize();
                    }

                    @Override
                    public Object root() {
                        return c;
                    }
                };
            }
        };
    }

    private static <V> Cache<String, V> caffeine(int maxKeys, Executor executor) {
        Caffeine<Object, Object> b = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterAccess(IDLE);
        if (executor != null) {
            b.executor(executor);
        }
        return b.build();
    }

    /** {@code n} distinct client addresses, {@code 10.a.b.c}. */
    static String[] addresses(int n) {
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) {
            keys[i] = "10." + ((i >>> 16) & 255) + "." + ((i >>> 8) & 255) + "." + (i & 255);
        }
        return keys;
    }
}

package dev.go4j.patterns.cache;

import dev.go4j.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Configures and builds a {@link Cache}: the default time to live (required), and optionally a janitor
 * interval, a maximum size, a jitter on the time to live and a clock. Go: the arguments of
 * {@code cache.New(defaultExpiration, cleanupInterval)} in the TTL caches Go programs write, plus the
 * size bound and jitter that production ones add. Get one from {@link Cache#builder()}.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@link #build()} makes the cache to use: {@link ConcurrentTtlCache}, the idiomatic Java flavour.
 *       {@link #buildRWMutex()} makes the literal Go port, {@link RWMutexCache}.</li>
 *   <li>A builder may be used again after {@code build}: each call makes a new, independent cache with
 *       the settings of that moment.</li>
 * </ul>
 *
 * <p>Thread safety: a builder is for one thread; the caches it builds are thread-safe.
 *
 * <p>Bad input: every setter checks its argument at once — a null throws {@link NullPointerException}
 * and an out-of-range value throws {@link IllegalArgumentException}, each naming the setting and the
 * rule; building without a default time to live throws {@link IllegalStateException}. A duration too
 * long for a {@code long} of nanoseconds (up to {@code Duration.ofSeconds(Long.MAX_VALUE)}) is not an
 * error: it is taken as about 146 years, so that no later sum overflows.
 *
 * <p>Example:
 * {@snippet class=dev.go4j.patterns.cache.CacheSnippets region=build}
 *
 * @since 0.1.0
 */
public final class CacheBuilder {
    private Duration defaultTtl;
    /** The janitor interval in nanoseconds, saturated as a time to live is; 0 if not set. */
    private long janitorIntervalNanos;
    private int maximumSize;
    private double jitter;
    private Clock clock = Clock.system();

    CacheBuilder() {}

    /**
     * The time to live of entries set without one ({@link Cache#set(Object, Object)} and loads).
     * Go: {@code defaultExpiration}. Required.
     *
     * @param ttl the default time to live, positive; longer than about 146 years is taken as 146 years
     *        (never, in practice)
     * @return this builder
     * @throws NullPointerException if {@code ttl} is null
     * @throws IllegalArgumentException if {@code ttl} is zero or negative
     */
    public CacheBuilder defaultTtl(Duration ttl) {
        Expiry.ttlNanos(ttl, "defaultTtl");
        this.defaultTtl = ttl;
        return this;
    }

    /**
     * How often a background sweep removes expired entries. Go: {@code cleanupInterval}, the janitor's
     * ticker. The literal port always has a janitor (by default sweeping every default time to live);
     * the idiomatic flavour needs none — it removes expired entries as it meets them — and with this
     * setting it also sweeps the whole map at this interval, for prompt removal.
     *
     * @param interval the time between sweeps, positive; longer than about 146 years is taken as
     *        146 years (never, in practice), as a time to live is
     * @return this builder
     * @throws NullPointerException if {@code interval} is null
     * @throws IllegalArgumentException if {@code interval} is zero or negative
     */
    public CacheBuilder janitorInterval(Duration interval) {
        this.janitorIntervalNanos = Expiry.ttlNanos(interval, "janitorInterval"); // saturated: no overflow in build
        return this;
    }

    /**
     * The most entries the cache ever holds; a write of a new key into a full cache first evicts one
     * entry (each flavour documents which). Unbounded if not set.
     *
     * @param maximumSize the bound, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code maximumSize} is zero or negative
     */
    public CacheBuilder maximumSize(int maximumSize) {
        if (maximumSize < 1) {
            throw new IllegalArgumentException("maximumSize must be at least 1, was " + maximumSize);
        }
        this.maximumSize = maximumSize;
        return this;
    }

    /**
     * Spreads the default time to live by up to ± {@code fraction} of it, uniformly, so that entries
     * loaded together do not all expire together (an expiry stampede). With {@code 0.1} and a default of
     * 10 minutes, each entry lives between 9 and 11 minutes. Applies to the default time to live only:
     * an explicit {@link Cache#set(Object, Object, Duration)} is exact. Default 0: no jitter.
     *
     * @param fraction the jitter fraction, from 0 to 1 (a time to live never falls below 1 ns)
     * @return this builder
     * @throws IllegalArgumentException if {@code fraction} is not in [0, 1]
     */
    public CacheBuilder ttlJitter(double fraction) {
        if (!(fraction >= 0.0 && fraction <= 1.0)) {
            throw new IllegalArgumentException("ttlJitter fraction must be in [0, 1], was " + fraction);
        }
        this.jitter = fraction;
        return this;
    }

    /**
     * The clock the cache reads time and schedules its sweeps on; a test passes a
     * {@link dev.go4j.time.ManualClock}. Default {@link Clock#system()}.
     *
     * @param clock the clock
     * @return this builder
     * @throws NullPointerException if {@code clock} is null
     */
    public CacheBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Builds the idiomatic Java cache, the one to ship: a {@link ConcurrentTtlCache}.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @return a new cache
     * @throws IllegalStateException if no default time to live was set
     */
    public <K, V> Cache<K, V> build() {
        return new ConcurrentTtlCache<>(expiry(), maximumSize, janitorIntervalNanos);
    }

    /**
     * Builds the literal Go port: a {@link RWMutexCache} with one map under one read-write lock and a
     * janitor goroutine.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @return a new cache, whose janitor is running
     * @throws IllegalStateException if no default time to live was set
     */
    public <K, V> Cache<K, V> buildRWMutex() {
        Expiry expiry = expiry();
        long interval = janitorIntervalNanos != 0L ? janitorIntervalNanos : expiry.defaultTtlNanos;
        return new RWMutexCache<>(expiry, maximumSize, Duration.ofNanos(interval));
    }

    private Expiry expiry() {
        if (defaultTtl == null) {
            throw new IllegalStateException("defaultTtl is required: call defaultTtl(Duration) before build");
        }
        return new Expiry(defaultTtl, jitter, clock);
    }
}

/**
 * The in-memory cache with a time to live: the literal Go port (a map under a read-write lock swept by
 * a janitor goroutine) and the idiomatic Java cache (a {@link java.util.concurrent.ConcurrentHashMap}
 * with per-entry expiry), with deduplicated loading through {@link dev.go4j.singleflight.SingleFlight},
 * an optional maximum size and an injectable {@link dev.go4j.time.Clock}. See {@code docs/cache.md}
 * for which one to ship and the measured trade-offs against Caffeine and Guava.
 */
package dev.go4j.patterns.cache;

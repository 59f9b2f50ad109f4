/**
 * Rate limiting, in every form a Go backend meets it: token buckets (the literal Go port on a ticker
 * and a channel, lazy refill under a lock, and a lock-free bucket), a faithful port of
 * {@code golang.org/x/time/rate}'s {@code Limiter}, sliding windows (an exact log and the approximate
 * counter), and a per-key limiter with idle eviction and a hard cap on keys.
 *
 * <p>Every flavour implements {@link dev.go4j.patterns.ratelimit.RateLimiter} and takes an injectable
 * {@link dev.go4j.time.Clock}, so tests run at fixed instants on a {@link dev.go4j.time.ManualClock}.
 *
 * <p><b>Argument order.</b> Every constructor takes the limit first (a rate and a burst, a limit and a
 * window, a factory and its bounds), in the order Go's constructor takes them, and the clock
 * <em>last</em>, as an optional trailing argument: the form without it reads
 * {@link dev.go4j.time.Clock#system()}. So {@code new AtomicTokenBucket(rate, burst)} and
 * {@code new AtomicTokenBucket(rate, burst, clock)}, {@code new Limiter(limit, burst, clock)},
 * {@code new SlidingWindowLimiter(limit, window, clock)},
 * {@code new KeyedRateLimiter<>(factory, maxKeys, idleTime, clock)}. (The cache
 * package follows the same rule; its caches take their clock through the builder.)
 *
 * <p>See {@code docs/ratelimit.md} for which one to use and the measured trade-offs.
 */
package dev.go4j.patterns.ratelimit;

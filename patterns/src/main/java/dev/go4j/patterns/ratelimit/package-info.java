/**
 * Rate limiting, in every form a Go backend meets it: token buckets (the literal Go port on a ticker
 * and a channel, lazy refill under a lock, and a lock-free bucket), a faithful port of
 * {@code golang.org/x/time/rate}'s {@code Limiter}, sliding windows (an exact log and the approximate
 * counter), and a per-key limiter with idle eviction and a hard cap on keys.
 *
 * <p>Every flavour implements {@link dev.go4j.patterns.ratelimit.RateLimiter} and takes an injectable
 * {@link dev.go4j.time.Clock}, so tests run at fixed instants on a {@link dev.go4j.time.ManualClock}.
 * See {@code docs/ratelimit.md} for which one to use and the measured trade-offs.
 */
package dev.go4j.patterns.ratelimit;

package dev.go4j.patterns.ratelimit;

import dev.go4j.time.Clock;

/** {@link AtomicTokenBucket} passes the {@link RateLimiter} contract. */
class AtomicTokenBucketContractTest extends RateLimiterContract {
    @Override
    RateLimiter create(Clock clock, int perSecond, int burst) {
        return new AtomicTokenBucket(clock, perSecond, burst);
    }
}

package dev.go4j.patterns.ratelimit;

import dev.go4j.time.Clock;

/** {@link AtomicTokenBucket} passes the {@link RateLimiter} contract. */
class AtomicTokenBucketContractTest extends RateLimiterContract {
    @Override
    RateLimiter create(int perSecond, int burst, Clock clock) {
        return new AtomicTokenBucket(perSecond, burst, clock);
    }
}

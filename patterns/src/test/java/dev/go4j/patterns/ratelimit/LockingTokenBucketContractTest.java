package dev.go4j.patterns.ratelimit;

import dev.go4j.time.Clock;

/** {@link LockingTokenBucket} passes the {@link RateLimiter} contract. */
class LockingTokenBucketContractTest extends RateLimiterContract {
    @Override
    RateLimiter create(Clock clock, int perSecond, int burst) {
        return new LockingTokenBucket(clock, perSecond, burst);
    }
}

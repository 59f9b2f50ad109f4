package dev.go4j.patterns.ratelimit;

import dev.go4j.time.Clock;

/** {@link LockingTokenBucket} passes the {@link RateLimiter} contract. */
class LockingTokenBucketContractTest extends RateLimiterContract {
    @Override
    RateLimiter create(int perSecond, int burst, Clock clock) {
        return new LockingTokenBucket(perSecond, burst, clock);
    }
}

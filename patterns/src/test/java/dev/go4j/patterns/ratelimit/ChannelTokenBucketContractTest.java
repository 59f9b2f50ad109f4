package dev.go4j.patterns.ratelimit;

import dev.go4j.time.Clock;

/** {@link ChannelTokenBucket} passes the {@link RateLimiter} contract. */
class ChannelTokenBucketContractTest extends RateLimiterContract {
    @Override
    RateLimiter create(int perSecond, int burst, Clock clock) {
        return new ChannelTokenBucket(perSecond, burst, clock);
    }
}

package dev.go4j.patterns.ratelimit;

import dev.go4j.time.Clock;

/** {@link ChannelTokenBucket} passes the {@link RateLimiter} contract. */
class ChannelTokenBucketContractTest extends RateLimiterContract {
    @Override
    RateLimiter create(Clock clock, int perSecond, int burst) {
        return new ChannelTokenBucket(clock, perSecond, burst);
    }
}

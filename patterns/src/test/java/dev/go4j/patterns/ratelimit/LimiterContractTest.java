package dev.go4j.patterns.ratelimit;

import dev.go4j.time.Clock;

/** {@link Limiter}, the port of Go's {@code x/time/rate}, against the {@link RateLimiter} contract. */
class LimiterContractTest extends RateLimiterContract {

    @Override
    RateLimiter create(int perSecond, int burst, Clock clock) {
        return new Limiter(Limit.of(perSecond), burst, clock);
    }
}

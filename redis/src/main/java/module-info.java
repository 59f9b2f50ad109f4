/**
 * go4j redis: a rate limiter whose state lives in Redis, so that every instance of a service shares
 * one limit. GCRA in one Lua script on the server's clock, one round trip per decision, behind the
 * {@link dev.go4j.patterns.ratelimit.RateLimiter} interface of {@code dev.go4j.patterns}, on the
 * Lettuce client.
 */
module dev.go4j.redis {
    requires transitive dev.go4j.patterns;
    requires transitive lettuce.core;

    exports dev.go4j.redis;
}

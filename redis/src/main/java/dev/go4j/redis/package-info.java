/**
 * A distributed rate limiter on Redis. Go: the {@code go-redis/redis_rate} idiom, GCRA in one Lua
 * script on the server's clock; Java: {@link dev.go4j.redis.RedisRateLimiter}, a
 * {@link dev.go4j.patterns.ratelimit.RateLimiter} with a keyed form and an explicit
 * {@link dev.go4j.redis.FailurePolicy} for when Redis does not answer in time.
 */
package dev.go4j.redis;

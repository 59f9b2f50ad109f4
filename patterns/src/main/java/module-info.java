/**
 * go4j patterns: the production concurrency patterns of Go backends (worker pools, pipelines, rate
 * limiters, caches, retry, circuit breakers, graceful shutdown), built on {@code dev.go4j.core}.
 */
module dev.go4j.patterns {
    requires transitive dev.go4j.core;

    exports dev.go4j.patterns.cache;
    exports dev.go4j.patterns.breaker;
    exports dev.go4j.patterns.ratelimit;
    exports dev.go4j.patterns.retry;
}

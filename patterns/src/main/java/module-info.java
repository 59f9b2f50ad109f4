/**
 * go4j patterns: the production concurrency patterns of Go backends (worker pools, pipelines, rate
 * limiters, caches, retry, circuit breakers, graceful shutdown), built on {@code dev.go4j.core}.
 */
module dev.go4j.patterns {
    requires transitive dev.go4j.core;
    // The JDK's own HTTP server and client, for the middleware, the server helper and the fetcher.
    requires transitive jdk.httpserver;
    requires transitive java.net.http;
    // sun.misc.Signal, the JVM's only way to catch SIGTERM and keep running (SignalContext).
    requires jdk.unsupported;

    exports dev.go4j.patterns.breaker;
    exports dev.go4j.patterns.cache;
    exports dev.go4j.patterns.http;
    exports dev.go4j.patterns.pipeline;
    exports dev.go4j.patterns.ratelimit;
    exports dev.go4j.patterns.retry;
    exports dev.go4j.patterns.shutdown;
    exports dev.go4j.patterns.workerpool;
}

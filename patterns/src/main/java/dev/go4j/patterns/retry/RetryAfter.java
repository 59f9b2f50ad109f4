package dev.go4j.patterns.retry;

import java.time.Duration;

/**
 * A failure that says how long to wait before the next try: HTTP's {@code Retry-After}, gRPC's
 * {@code grpc-retry-pushback-ms}. An exception (or any exception in its cause chain) that implements
 * it replaces the backoff delay with its hint, as long as the hint ends before the context's deadline;
 * otherwise the policy gives up at once instead of waiting past the deadline.
 *
 * @since 0.1.0
 */
public interface RetryAfter {
    /**
     * The server's hint.
     *
     * @return how long to wait before the next attempt; null or negative for no hint
     */
    Duration retryAfter();
}

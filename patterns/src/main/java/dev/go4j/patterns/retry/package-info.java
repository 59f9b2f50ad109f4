/**
 * Retry with exponential backoff and jitter, bounded by a {@link dev.go4j.context.Context}, with a
 * retry budget shared by many callers: the Go idiom {@code for attempt := 0; attempt < n; attempt++
 * { ...; select { case <-time.After(d): case <-ctx.Done(): return ctx.Err() } }} as one reusable
 * {@link dev.go4j.patterns.retry.RetryPolicy}.
 *
 * <p>The four backoff strategies are those of "Exponential Backoff and Jitter" (AWS Architecture
 * Blog, 2015): {@link dev.go4j.patterns.retry.Jitter#NONE}, {@link dev.go4j.patterns.retry.Jitter#FULL},
 * {@link dev.go4j.patterns.retry.Jitter#EQUAL} and {@link dev.go4j.patterns.retry.Jitter#DECORRELATED}.
 * The clock and the random source are injectable, so a test asserts the exact delay sequence on a
 * {@link dev.go4j.time.ManualClock}.
 *
 * <p>See {@code docs/retry.md} for the Go version beside the Java one.
 */
package dev.go4j.patterns.retry;

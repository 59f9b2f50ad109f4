/**
 * Go's {@code time} package, the part about waiting: {@link dev.go4j.time.Timer} ({@code time.Timer},
 * {@code time.After}, {@code time.AfterFunc}), {@link dev.go4j.time.Ticker} ({@code time.Ticker},
 * {@code time.Tick}) and the {@link dev.go4j.time.Clock} they run on — the system clock, or a
 * {@link dev.go4j.time.ManualClock} that a test moves by hand so that nothing ever sleeps.
 *
 * <p>Every timer of a clock shares one scheduling facility: for {@link dev.go4j.time.Clock#system()}
 * a single daemon thread with a binary heap of deadlines, never a thread per timer; a stopped timer
 * is removed from the heap at once. The channel semantics are Go 1.23's: after {@code stop} or
 * {@code reset} returns, no value from before the call is received.
 */
package dev.go4j.time;

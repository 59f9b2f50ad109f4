package dev.go4j.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.go4j.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code Context.sleep}: Go's {@code select { case <-ctx.Done(): return ctx.Err(); case <-time.After(d): }}
 * in one call, on a manual clock: nothing here sleeps in real time.
 */
class ContextSleepTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2009-11-10T23:00:00Z");

    private final ManualClock clock = new ManualClock();

    /** Runs the sleep in a virtual thread; the future completes with the clock's time when it returns. */
    private CompletableFuture<Instant> sleepInBackground(Context ctx, Duration d) {
        CompletableFuture<Instant> returned = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                Context.sleep(ctx, d, clock);
                returned.complete(clock.now());
            } catch (Throwable t) {
                returned.completeExceptionally(t);
            }
        });
        return returned;
    }

    private static Throwable failureOf(CompletableFuture<?> f) throws Exception {
        try {
            f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the sleep returned normally");
    }

    @Test
    void sleepReturnsAfterTheDurationWhenTheContextStaysLive() throws Exception {
        CancelableContext ctx = Context.withCancel(Context.background());
        CompletableFuture<Instant> slept = sleepInBackground(ctx, Duration.ofSeconds(5));
        assertThat(clock.awaitPendingTimers(1, PATIENCE)).isTrue();
        clock.advance(Duration.ofMillis(4999));
        assertThat(slept).isNotDone();
        clock.advance(Duration.ofMillis(1));
        assertThat(slept.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(T0.plusSeconds(5));
        assertThat(clock.pendingTimers()).isZero();
        assertThat(((CancelCtx) ctx).childCount()).as("the sleep left the context").isZero();
    }

    @Test
    void sleepThrowsTheContextErrorTheMomentItIsCancelled() throws Exception {
        CancelableContext ctx = Context.withCancel(Context.background());
        CompletableFuture<Instant> slept = sleepInBackground(ctx, Duration.ofHours(1));
        assertThat(clock.awaitPendingTimers(1, PATIENCE)).isTrue();
        IOException cause = new IOException("shutting down");
        ctx.cancel(cause);
        assertThat(failureOf(slept)).isSameAs(ctx.err()).hasCause(cause);
        assertThat(clock.pendingTimers()).as("the sleep's timer was released").isZero();
    }

    @Test
    void sleepThrowsDeadlineExceededWhenTheDeadlineComesFirst() throws Exception {
        CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(2), clock);
        CompletableFuture<Instant> slept = sleepInBackground(ctx, Duration.ofSeconds(10));
        assertThat(clock.awaitPendingTimers(2, PATIENCE)).isTrue(); // the deadline and the sleep
        assertThat(clock.advanceToNextTimer()).isTrue();
        assertThat(failureOf(slept)).isInstanceOf(DeadlineExceededException.class);
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void doneContextThrowsAtOnceEvenForAZeroDuration() {
        CancelableContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        assertThatThrownBy(() -> Context.sleep(ctx, Duration.ZERO, clock)).isSameAs(ctx.err());
        assertThatThrownBy(() -> Context.sleep(ctx, Duration.ofDays(1))).isSameAs(ctx.err());
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void zeroOrNegativeDurationReturnsAtOnce() throws Exception {
        Context.sleep(Context.background(), Duration.ZERO, clock);
        Context.sleep(Context.background(), Duration.ofSeconds(Long.MIN_VALUE), clock);
        Context.sleep(Context.background(), Duration.ofNanos(-1));
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void sleepOnTheSystemClockReturns() throws Exception {
        Context.sleep(Context.background(), Duration.ofMillis(1));
    }

    @Test
    void sleepIsInterruptibleAndLeavesNothingBehind() throws Exception {
        CancelableContext ctx = Context.withCancel(Context.background());
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                Context.sleep(ctx, Duration.ofDays(365_000), clock); // saturates: no overflow
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        assertThat(clock.awaitPendingTimers(1, PATIENCE)).isTrue();
        t.interrupt();
        assertThat(outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(clock.pendingTimers()).isZero();
        assertThat(((CancelCtx) ctx).childCount()).isZero();
    }

    @Test
    void nullArgumentsThrowNamingTheArgument() {
        assertThatThrownBy(() -> Context.sleep(null, Duration.ZERO)).hasMessage("ctx");
        assertThatThrownBy(() -> Context.sleep(Context.background(), null)).hasMessage("d");
        assertThatThrownBy(() -> Context.sleep(Context.background(), Duration.ZERO, null)).hasMessage("clock");
    }
}

package dev.go4j.patterns.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import dev.go4j.context.DeadlineExceededException;
import dev.go4j.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The retry loop at fixed instants of a {@link ManualClock}: every rule, no sleeps. */
@Timeout(30)
class RetryPolicyTest {
    private final ManualClock clock = new ManualClock();
    private final List<String> events = new CopyOnWriteArrayList<>();

    private final RetryListener recorder = new RetryListener() {
        @Override
        public void onRetry(int attempt, Throwable failure, Object result, Duration delay) {
            events.add("retry " + attempt + " after " + delay.toMillis() + "ms: "
                    + (failure != null ? failure.getMessage() : "result " + result));
        }

        @Override
        public void onSuccess(int attempts) {
            events.add("success after " + attempts);
        }

        @Override
        public void onGiveUp(int attempts, Throwable last) {
            events.add("give up after " + attempts + ": " + (last == null ? "result" : last.getClass().getSimpleName()));
        }
    };

    private RetryPolicy.Builder exponential(int attempts) {
        return RetryPolicy.builder().maxAttempts(attempts)
                .backoff(Jitter.NONE, Duration.ofSeconds(1), Duration.ofSeconds(10))
                .clock(clock).listener(recorder);
    }

    /** Runs {@code c} on a virtual thread. */
    private static <T> FutureTask<T> start(Callable<T> c) {
        FutureTask<T> f = new FutureTask<>(c);
        Thread.ofVirtual().start(f);
        return f;
    }

    /** Waits until the retry is parked on its one timer (plus {@code others} already pending). */
    private void awaitParked(int timers) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> clock.pendingTimers() == timers);
    }

    /** An attempt that fails {@code failures} times with "boom i", then returns "ok". */
    private static Attempt<String> failing(int failures, AtomicInteger calls) {
        return ctx -> {
            int n = calls.incrementAndGet();
            if (n <= failures) {
                throw new IOException("boom " + n);
            }
            return "ok";
        };
    }

    private static Throwable failure(FutureTask<?> f) throws InterruptedException {
        try {
            f.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("still running", e);
        }
    }

    @Test
    void successOnFirstAttempt_returnsAtOnce_withoutATimer() throws Exception {
        RetryPolicy p = exponential(3).build();
        String r = p.call(Context.background(), ctx -> "ok");
        assertThat(r).isEqualTo("ok");
        assertThat(clock.pendingTimers()).isZero();
        assertThat(p.calls()).isEqualTo(1);
        assertThat(p.successes()).isEqualTo(1);
        assertThat(p.retries()).isZero();
        assertThat(events).containsExactly("success after 1");
    }

    @Test
    void waitsExactlyTheBackoffDelays_onTheClock() throws Exception {
        RetryPolicy p = exponential(4).build();
        AtomicInteger calls = new AtomicInteger();
        FutureTask<String> f = start(() -> p.call(Context.background(), failing(3, calls)));
        for (long ms : new long[] {1000, 2000, 4000}) {
            awaitParked(1);
            int before = calls.get();
            clock.advance(Duration.ofMillis(ms).minusNanos(1));
            assertThat(calls.get()).as("no attempt before the delay has passed").isEqualTo(before);
            clock.advance(Duration.ofNanos(1));
            if (ms != 4000) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> calls.get() == before + 1);
            }
        }
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(calls.get()).isEqualTo(4);
        assertThat(events).containsExactly("retry 1 after 1000ms: boom 1", "retry 2 after 2000ms: boom 2",
                "retry 3 after 4000ms: boom 3", "success after 4");
        assertThat(p.retries()).isEqualTo(3);
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void givingUp_throwsTheLastFailure_withEarlierOnesSuppressed_andTheAttemptCount() throws Exception {
        RetryPolicy p = exponential(3).backoff(Jitter.NONE, Duration.ZERO, Duration.ZERO).build();
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> p.call(Context.background(), failing(10, calls)))
                .isInstanceOfSatisfying(RetryException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(3);
                    assertThat(e.reason()).isEqualTo(RetryException.Reason.EXHAUSTED);
                    assertThat(e.getMessage()).contains("3 attempts").contains("boom 3");
                    assertThat(e.getCause()).isInstanceOf(IOException.class).hasMessage("boom 3");
                    assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("boom 1", "boom 2");
                });
        assertThat(p.giveUps()).isEqualTo(1);
        assertThat(events).last().isEqualTo("give up after 3: IOException");
    }

    @Test
    void permanent_stopsAtOnce_withTheUnwrappedCause() {
        RetryPolicy p = exponential(5).build();
        AtomicInteger calls = new AtomicInteger();
        IOException cause = new IOException("bad request");
        assertThatThrownBy(() -> p.call(Context.background(), ctx -> {
            calls.incrementAndGet();
            throw new Permanent(cause);
        })).isInstanceOfSatisfying(RetryException.class, e -> {
            assertThat(e.reason()).isEqualTo(RetryException.Reason.NOT_RETRYABLE);
            assertThat(e.getCause()).isSameAs(cause);
            assertThat(e.attempts()).isEqualTo(1);
        });
        assertThat(calls.get()).isEqualTo(1);
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void retryOnPredicate_rejectsAFailure_stopsAtOnce() {
        RetryPolicy p = exponential(5).retryOn(t -> !(t instanceof IllegalStateException)).build();
        assertThatThrownBy(() -> p.call(Context.background(), ctx -> {
            throw new IllegalStateException("no");
        })).isInstanceOfSatisfying(RetryException.class,
                e -> assertThat(e.reason()).isEqualTo(RetryException.Reason.NOT_RETRYABLE));
    }

    @Test
    void errorsAndInterrupts_propagateUnwrapped() {
        RetryPolicy p = exponential(5).build();
        assertThatThrownBy(() -> p.call(Context.background(), ctx -> {
            throw new OutOfMemoryError("oom");
        })).isInstanceOf(OutOfMemoryError.class);
        assertThatThrownBy(() -> p.call(Context.background(), ctx -> {
            throw new InterruptedException("stop");
        })).isInstanceOf(InterruptedException.class).hasMessage("stop");
    }

    @Test
    void cancelDuringAWait_stopsAtOnce_withTheContextError() throws Exception {
        RetryPolicy p = exponential(5).build();
        CancelableContext ctx = Context.withCancel(Context.background());
        AtomicInteger calls = new AtomicInteger();
        FutureTask<String> f = start(() -> p.call(ctx, failing(10, calls)));
        awaitParked(1);
        ctx.cancel();
        assertThat(failure(f)).isInstanceOf(ContextCanceledException.class).isSameAs(ctx.err());
        assertThat(calls.get()).isEqualTo(1);
        assertThat(clock.pendingTimers()).as("the wait released its timer").isZero();
        assertThat(events).last().isEqualTo("give up after 1: ContextCanceledException");
    }

    @Test
    void contextAlreadyDone_makesNoAttempt() {
        RetryPolicy p = exponential(5).build();
        CancelableContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> p.call(ctx, failing(0, calls))).isInstanceOf(ContextCanceledException.class);
        assertThat(calls.get()).isZero();
    }

    @Test
    void nextWaitPastTheDeadline_givesUpAtOnce_withTheLastFailure() throws Exception {
        RetryPolicy p = exponential(10).build();
        AtomicInteger calls = new AtomicInteger();
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(2500), clock)) {
            FutureTask<String> f = start(() -> p.call(ctx, failing(10, calls)));
            awaitParked(2); // the deadline's timer and the 1 s wait
            clock.advance(Duration.ofSeconds(1));
            // attempt 2 fails at 1 s; the next wait (2 s) would end at 3 s, past the 2.5 s deadline
            Throwable t = failure(f);
            assertThat(t).isInstanceOfSatisfying(RetryException.class, e -> {
                assertThat(e.reason()).isEqualTo(RetryException.Reason.DEADLINE);
                assertThat(e.attempts()).isEqualTo(2);
                assertThat(e.getCause()).hasMessage("boom 2");
            });
        }
    }

    @Test
    void perAttemptTimeout_givesEachAttemptAChildContext() throws Exception {
        RetryPolicy p = exponential(2).perAttemptTimeout(Duration.ofMillis(300)).build();
        AtomicReference<Context> seen = new AtomicReference<>();
        Instant start = clock.now();
        String r = p.call(Context.background(), ctx -> {
            seen.set(ctx);
            assertThat(ctx.deadline()).contains(start.plusMillis(300));
            return "ok";
        });
        assertThat(r).isEqualTo("ok");
        assertThat(seen.get().err()).as("cancelled when the attempt returned").isInstanceOf(ContextCanceledException.class);
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void perAttemptTimeout_timedOutAttemptIsRetried() throws Exception {
        RetryPolicy p = exponential(2).backoff(Jitter.NONE, Duration.ZERO, Duration.ZERO)
                .perAttemptTimeout(Duration.ofMillis(300)).build();
        AtomicInteger calls = new AtomicInteger();
        FutureTask<String> f = start(() -> p.call(Context.background(), ctx -> {
            if (calls.incrementAndGet() == 1) {
                // a slow first attempt that honours its context
                java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
                Context.afterFunc(ctx, done::countDown);
                done.await();
                throw ctx.err();
            }
            return "second";
        }));
        awaitParked(1);
        clock.advance(Duration.ofMillis(300));
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("second");
        assertThat(events.get(0)).startsWith("retry 1 after 0ms");
    }

    /** A failure with an HTTP Retry-After hint. */
    static final class Unavailable extends Exception implements RetryAfter {
        private final Duration hint;

        Unavailable(Duration hint) {
            super("503 retry after " + hint);
            this.hint = hint;
        }

        @Override
        public Duration retryAfter() {
            return hint;
        }
    }

    @Test
    void retryAfterHint_replacesTheBackoffDelay() throws Exception {
        RetryPolicy p = exponential(3).build();
        AtomicInteger calls = new AtomicInteger();
        FutureTask<String> f = start(() -> p.call(Context.background(), ctx -> {
            if (calls.incrementAndGet() == 1) {
                throw new RuntimeException(new Unavailable(Duration.ofSeconds(7)));
            }
            return "ok";
        }));
        awaitParked(1);
        clock.advance(Duration.ofMillis(6999));
        assertThat(calls.get()).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(events.get(0)).startsWith("retry 1 after 7000ms");
    }

    @Test
    void retryAfterHintPastTheDeadline_givesUpAtOnce() throws Exception {
        RetryPolicy p = exponential(3).build();
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(5), clock)) {
            assertThatThrownBy(() -> p.call(ctx, c -> {
                throw new Unavailable(Duration.ofSeconds(30));
            })).isInstanceOfSatisfying(RetryException.class,
                    e -> assertThat(e.reason()).isEqualTo(RetryException.Reason.DEADLINE));
        }
    }

    @Test
    void resultPredicate_retriesResults_andReturnsTheLastWhenExhausted() throws Exception {
        RetryPolicy p = exponential(3).backoff(Jitter.NONE, Duration.ZERO, Duration.ZERO).build();
        AtomicInteger calls = new AtomicInteger();
        int status = p.call(Context.background(), ctx -> calls.incrementAndGet() < 3 ? 503 : 200, s -> s == 503);
        assertThat(status).isEqualTo(200);
        calls.set(0);
        int last = p.call(Context.background(), ctx -> 500 + calls.incrementAndGet(), s -> s >= 500);
        assertThat(last).isEqualTo(503);
        assertThat(events).contains("retry 1 after 0ms: result 501", "give up after 3: result");
    }

    @Test
    void budget_refusingARetry_givesUp() {
        RetryBudget never = () -> false;
        RetryPolicy p = exponential(5).budget(never).build();
        assertThatThrownBy(() -> p.call(Context.background(), failing(10, new AtomicInteger())))
                .isInstanceOfSatisfying(RetryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RetryException.Reason.BUDGET_EXHAUSTED);
                    assertThat(e.attempts()).isEqualTo(1);
                });
    }

    @Test
    void sharedTokenBudget_stopsRetriesForEveryCaller_onceHalfIsSpent() {
        TokenRetryBudget budget = new TokenRetryBudget(4, 0.5);
        RetryPolicy p = exponential(10).backoff(Jitter.NONE, Duration.ZERO, Duration.ZERO).budget(budget).build();
        AtomicInteger calls = new AtomicInteger();
        // tokens 4 -> 3 (retry ok) -> 2 (not above half: refused)
        assertThatThrownBy(() -> p.call(Context.background(), failing(100, calls)))
                .isInstanceOfSatisfying(RetryException.class, e -> assertThat(e.attempts()).isEqualTo(2));
        AtomicInteger other = new AtomicInteger();
        assertThatThrownBy(() -> p.call(Context.background(), failing(100, other)))
                .isInstanceOfSatisfying(RetryException.class, e -> assertThat(e.attempts()).isEqualTo(1));
    }

    @Test
    void interruptDuringAWait_throwsInterruptedException_andReleasesTheTimer() throws Exception {
        RetryPolicy p = exponential(5).build();
        AtomicReference<Thread> runner = new AtomicReference<>();
        FutureTask<String> f = start(() -> {
            runner.set(Thread.currentThread());
            return p.call(Context.background(), failing(10, new AtomicInteger()));
        });
        awaitParked(1);
        runner.get().interrupt();
        assertThat(failure(f)).isInstanceOf(InterruptedException.class);
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void builder_rejectsBadArguments_namingThem() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> RetryPolicy.builder().perAttemptTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perAttemptTimeout");
        assertThatThrownBy(() -> RetryPolicy.builder().clock(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("clock");
        assertThatThrownBy(() -> RetryPolicy.builder().backoff(Jitter.FULL, Duration.ofSeconds(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base");
    }

    @Test
    void deadlineExceeded_isTheContextsKind() throws Exception {
        RetryPolicy p = exponential(5).build();
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(1), clock)) {
            clock.advance(Duration.ofSeconds(1));
            assertThatThrownBy(() -> p.call(ctx, c -> "x")).isInstanceOf(DeadlineExceededException.class);
        }
    }
}

package dev.go4j.patterns.retry;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import dev.go4j.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * A reusable retry policy: a bounded number of attempts with a {@link Backoff} between them, bounded
 * by a {@link Context}. Go: the hand-written loop
 * {@code for i := 0; i < n; i++ { if err = fn(ctx); err == nil { return nil }; select { case
 * <-time.After(backoff(i)): case <-ctx.Done(): return ctx.Err() } }}, or {@code cenkalti/backoff}'s
 * {@code RetryNotify} with {@code WithContext} and {@code WithMaxRetries}.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@link #call(Context, Attempt)} runs the attempt up to {@code maxAttempts} times, waiting the
 *       backoff delay on the policy's clock between two. A success returns at once.</li>
 *   <li>The context bounds everything: if it is done before an attempt, after a failed attempt, or
 *       during a wait, the call throws the context's error ({@link Context#err()}) at once. When the
 *       next wait would end at or after the context's deadline, the policy gives up at once with the
 *       last failure instead of waiting for a deadline it cannot beat.</li>
 *   <li>With a per-attempt timeout, each attempt gets its own child context, cancelled when the
 *       attempt returns; an attempt that times out has failed and may be retried.</li>
 *   <li>Classification: a failure is retried if the {@code retryOn} predicate accepts it (by default
 *       every {@link Exception}); {@link Permanent} stops at once; an {@link Error} or an
 *       {@link InterruptedException} propagates at once, unwrapped. A failure carrying a
 *       {@link RetryAfter} hint waits the hint instead of the backoff. A result may be retried too,
 *       with {@link #call(Context, Attempt, Predicate)}; when the retries run out on such a result, it is
 *       returned.</li>
 *   <li>Giving up throws {@link RetryException}: its cause is the last failure, its suppressed
 *       exceptions the earlier failures, its message the attempt count and reason.</li>
 *   <li>A shared {@link RetryBudget} may refuse a retry; the policy then gives up.</li>
 * </ul>
 *
 * <p>Thread safety: immutable apart from its counters; one policy serves any number of threads. A
 * random source given to the builder is shared by them and must be thread-safe. Memory consistency
 * effects: actions of one attempt happen-before the next attempt, and the last attempt's actions
 * happen-before {@code call} returns or throws.
 *
 * <p>Bad input: see {@link Builder}; a null argument to {@code call} throws
 * {@link NullPointerException}.
 *
 * <p>Example:
 * {@snippet class=dev.go4j.patterns.retry.RetrySnippets region=policy}
 *
 * @implNote The success path costs one attempt call, one counter increment and no allocation
 * besides what the attempt does (no per-attempt context unless a timeout is set). Each wait schedules
 * one timer on the clock and parks once; nothing polls, no thread is started.
 * @since 0.1.0
 */
public final class RetryPolicy {
    /*
     * Implementation overview: one loop per call; the state is local (attempt number, previous delay,
     * earlier failures), so the policy itself is shared freely. Waits are Context.sleep on the policy's
     * clock: the clock's timer or the context's cancellation unparks the waiting thread, nothing polls.
     */

    private final int maxAttempts;
    private final Backoff backoff;
    private final Duration perAttemptTimeout;
    private final Predicate<? super Throwable> retryOn;
    private final RetryBudget budget;
    private final RetryListener listener;
    private final Clock clock;
    private final RandomGenerator random;
    /** Calls that ended by an interrupt or an {@link Error}: neither success nor give-up. */
    private final LongAdder aborted = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder successes = new LongAdder();
    private final LongAdder giveUps = new LongAdder();

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.backoff = new Backoff(b.jitter, b.base, b.cap);
        this.perAttemptTimeout = b.perAttemptTimeout;
        this.retryOn = b.retryOn;
        this.budget = b.budget;
        this.listener = b.listener;
        this.clock = b.clock;
        this.random = b.random;
    }

    /**
     * A builder with the defaults: 3 attempts, full jitter from 100 ms capped at 10 s, every
     * {@link Exception} retryable, no budget, no per-attempt timeout, the system clock.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs {@code attempt} until it succeeds or the policy gives up.
     *
     * @param <T> the result type
     * @param ctx bounds the retries
     * @param attempt the operation
     * @return the first successful result
     * @throws RetryException when the policy gives up
     * @throws ContextException when {@code ctx} is done before success
     * @throws InterruptedException if interrupted during a wait, or thrown by the attempt
     */
    public <T> T call(Context ctx, Attempt<T> attempt) throws InterruptedException {
        return call(ctx, attempt, r -> false);
    }

    /**
     * Runs {@code attempt} until it succeeds with a result {@code retryResult} rejects, or the policy
     * gives up; when the retries run out on a retryable result, returns that result.
     *
     * @param <T> the result type
     * @param ctx bounds the retries
     * @param attempt the operation
     * @param retryResult which results to retry (e.g. an HTTP 503)
     * @return the result
     * @throws RetryException when the policy gives up on a failure
     * @throws ContextException when {@code ctx} is done before success
     * @throws InterruptedException if interrupted during a wait, or thrown by the attempt
     */
    public <T> T call(Context ctx, Attempt<T> attempt, Predicate<? super T> retryResult)
            throws InterruptedException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(retryResult, "retryResult");
        if (budget != null) {
            budget.onAttempt();
        }
        List<Throwable> earlier = null;
        long previous = -1L;
        for (int n = 1;; n++) {
            ContextException done = ctx.err();
            if (done != null) {
                throw contextDone(n - 1, done);
            }
            Throwable failure = null;
            T result = null;
            try {
                result = once(ctx, attempt);
            } catch (InterruptedException | Error e) {
                aborted.increment();
                throw e;
            } catch (Exception e) {
                failure = e;
            }
            if (failure == null && !retryResult.test(result)) {
                successes.increment();
                if (budget != null) {
                    budget.onSuccess();
                }
                listener.onSuccess(n);
                return result;
            }
            if (budget != null) {
                budget.onFailure();
            }
            done = ctx.err();
            if (done != null) {
                throw contextDone(n, done);
            }
            RetryException.Reason stop = null;
            long delay = 0L;
            if (failure instanceof Permanent p) {
                failure = p.getCause();
                stop = RetryException.Reason.NOT_RETRYABLE;
            } else if (failure != null && !retryOn.test(failure)) {
                stop = RetryException.Reason.NOT_RETRYABLE;
            } else if (n >= maxAttempts) {
                stop = RetryException.Reason.EXHAUSTED;
            } else {
                long hint = hintNanos(failure);
                delay = hint >= 0L ? hint : backoff.delayNanos(n - 1, previous, rng());
                if (!beforeDeadline(ctx, delay)) {
                    stop = RetryException.Reason.DEADLINE;
                } else if (budget != null && !budget.tryRetry()) {
                    stop = RetryException.Reason.BUDGET_EXHAUSTED;
                }
            }
            if (stop != null) {
                giveUps.increment();
                listener.onGiveUp(n, failure);
                if (failure == null) {
                    return result;
                }
                RetryException e = new RetryException(n, stop, failure);
                if (earlier != null) {
                    earlier.forEach(e::addSuppressed);
                }
                throw e;
            }
            if (failure != null) {
                if (earlier == null) {
                    earlier = new ArrayList<>(Math.min(maxAttempts, 16));
                }
                earlier.add(failure);
            }
            retries.increment();
            listener.onRetry(n, failure, failure == null ? result : null, Duration.ofNanos(delay));
            if (delay > 0L) {
                try {
                    // Go's select { case <-time.After(d): case <-ctx.Done(): }, parked on the clock
                    Context.sleep(ctx, Duration.ofNanos(delay), clock);
                } catch (ContextException ended) {
                    throw contextDone(n, ended);
                } catch (InterruptedException e) {
                    aborted.increment();
                    throw new InterruptedException("retry: interrupted while waiting");
                }
            }
            previous = delay;
        }
    }

    private <T> T once(Context ctx, Attempt<T> attempt) throws Exception {
        if (perAttemptTimeout == null) {
            return attempt.call(ctx);
        }
        try (CancelableContext child = Context.withTimeout(ctx, perAttemptTimeout, clock)) {
            return attempt.call(child);
        }
    }

    private ContextException contextDone(int attempts, ContextException err) {
        giveUps.increment();
        listener.onGiveUp(attempts, err);
        return err;
    }

    /** Whether a wait of {@code delay} ends strictly before the context's deadline. */
    private boolean beforeDeadline(Context ctx, long delay) {
        Optional<Instant> deadline = ctx.deadline();
        if (deadline.isEmpty()) {
            return true;
        }
        Duration left = Duration.between(clock.now(), deadline.get());
        return Backoff.nanos(left) > delay;
    }

    private RandomGenerator rng() {
        return random != null ? random : ThreadLocalRandom.current();
    }

    /** The first {@link RetryAfter} hint in the cause chain, in nanoseconds, or -1. */
    static long hintNanos(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
            if (t instanceof RetryAfter ra) {
                Duration d = ra.retryAfter();
                return d == null || d.isNegative() ? -1L : Backoff.nanos(d);
            }
        }
        return -1L;
    }

    /**
     * How many calls have ended: succeeded, given up, or ended by an interrupt or an {@link Error}.
     * A call still running is not counted yet (so the success path updates one counter, not two).
     *
     * @return the number of calls that have ended
     */
    public long calls() {
        return successes.sum() + giveUps.sum() + aborted.sum();
    }

    /** {@return how many retries were made (attempts after the first)} */
    public long retries() {
        return retries.sum();
    }

    /** {@return how many calls succeeded} */
    public long successes() {
        return successes.sum();
    }

    /** {@return how many calls gave up (including on the context)} */
    public long giveUps() {
        return giveUps.sum();
    }

    /** {@return the backoff schedule} */
    public Backoff backoff() {
        return backoff;
    }

    /** {@return the maximum number of attempts} */
    public int maxAttempts() {
        return maxAttempts;
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", " + backoff + ", calls=" + calls()
                + ", retries=" + retries() + ", successes=" + successes() + ", giveUps=" + giveUps() + "]";
    }

    /**
     * Builds a {@link RetryPolicy}. Not thread-safe; each setter checks its argument at once: a null
     * throws {@link NullPointerException}, a value out of range {@link IllegalArgumentException}
     * naming the argument.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private int maxAttempts = 3;
        private Jitter jitter = Jitter.FULL;
        private Duration base = Duration.ofMillis(100);
        private Duration cap = Duration.ofSeconds(10);
        private Duration perAttemptTimeout;
        private Predicate<? super Throwable> retryOn = t -> true;
        private RetryBudget budget;
        private RetryListener listener = new RetryListener() {};
        private Clock clock = Clock.system();
        private RandomGenerator random;

        private Builder() {}

        /**
         * Sets the number of attempts, the first included.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxAttempts(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1: " + n);
            }
            this.maxAttempts = n;
            return this;
        }

        /**
         * Sets the backoff strategy and its base and cap.
         *
         * @param jitter the strategy
         * @param base the first delay, not negative
         * @param cap the largest delay, not negative
         * @return this builder
         */
        public Builder backoff(Jitter jitter, Duration base, Duration cap) {
            new Backoff(jitter, base, cap);
            this.jitter = jitter;
            this.base = base;
            this.cap = cap;
            return this;
        }

        /**
         * Gives each attempt a child context that times out after {@code timeout}.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder perAttemptTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("perAttemptTimeout must be positive: " + timeout);
            }
            this.perAttemptTimeout = timeout;
            return this;
        }

        /**
         * Sets which failures are retried.
         *
         * @param retryOn true for a retryable failure
         * @return this builder
         */
        public Builder retryOn(Predicate<? super Throwable> retryOn) {
            this.retryOn = Objects.requireNonNull(retryOn, "retryOn");
            return this;
        }

        /**
         * Shares a retry budget.
         *
         * @param budget the budget
         * @return this builder
         */
        public Builder budget(RetryBudget budget) {
            this.budget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /**
         * Sets the listener.
         *
         * @param listener the hooks
         * @return this builder
         */
        public Builder listener(RetryListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets the clock the waits and per-attempt timeouts run on.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the random source of the jittered strategies (by default the calling thread's
         * {@link ThreadLocalRandom}); it must be thread-safe if the policy is shared.
         *
         * @param random the source
         * @return this builder
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** {@return the policy} */
        public RetryPolicy build() {
            return new RetryPolicy(this);
        }
    }
}

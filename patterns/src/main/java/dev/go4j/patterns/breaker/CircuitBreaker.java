package dev.go4j.patterns.breaker;

import dev.go4j.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * A circuit breaker: closed, then open when the failure rate or the slow-call rate over a rolling
 * window reaches its threshold, then half-open after the open duration, letting a bounded number of
 * probe calls decide between closed and open again. Go: {@code sony/gobreaker}'s
 * {@code CircuitBreaker} ({@code Execute}, {@code State}, {@code OnStateChange}), with Resilience4j's
 * rolling windows and slow calls.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li><b>Closed</b>: every call goes through; each outcome enters a rolling window, count-based
 *       (the last {@code n} calls) or time-based (the calls of the last {@code d}). Once the window
 *       holds at least {@code minimumCalls} and failures reach {@code failureRateThreshold} percent or
 *       slow calls (slower than {@code slowCallDuration}) reach {@code slowCallRateThreshold} percent,
 *       the breaker opens.</li>
 *   <li><b>Open</b>: calls are refused ({@link BreakerOpenException}) until {@code openDuration} has
 *       passed on the clock; the first call after that moves the breaker to half-open. No thread or
 *       timer runs meanwhile: {@link #state()} and {@link #tryAcquire()} look at the clock.</li>
 *   <li><b>Half-open</b>: exactly {@code halfOpenProbes} calls are let through, however many threads
 *       race; the rest are refused. When all probes have completed, the breaker opens again if their
 *       rates reach a threshold, and closes (with an empty window) otherwise.</li>
 *   <li>Each state is a generation: an outcome is recorded only in the generation that permitted its
 *       call (gobreaker's rule), so a slow call admitted while closed cannot close a half-open
 *       breaker.</li>
 *   <li>Which failures count: an exception the {@code ignore} predicate accepts is not recorded at
 *       all (a half-open probe it ends is given back); otherwise one the {@code recordFailure}
 *       predicate accepts is a failure and any other is a success.</li>
 *   <li>Every change happens once, by one CAS on the current state: concurrent outcomes that cross
 *       a threshold together move the state once, and the listener hears of it once. The change
 *       follows the outcome that caused it by a few instructions: a call admitted in between is
 *       admitted by the old state, as with any breaker whose window and state are updated apart
 *       (Resilience4j's too). So the breaker is not linearizable at a crossing; it never admits more
 *       than its half-open probes, and never moves twice for one crossing.</li>
 * </ul>
 *
 * <p>Thread safety: all methods may be called from any thread. Memory consistency effects: the
 * actions of a call whose outcome changes the state happen-before the calls that observe the new
 * state.
 *
 * <p>Bad input: see {@link Builder}; a null argument throws {@link NullPointerException}.
 *
 * <p>Example:
 * {@snippet class=dev.go4j.patterns.breaker.BreakerSnippets region=breaker}
 *
 * @implNote Closed, the hot path is lock-free and allocation-free with a count-based window: one
 * volatile read to admit, two clock reads, then an {@code getAndIncrement}, a {@code getAndSet} and an
 * {@code addAndGet} to record, and one {@link LongAdder} increment for the counters. A time-based
 * window adds a {@link LongAdder} per bucket and a sum over the buckets. Refusing costs one volatile
 * read and one clock read; the exception has no stack trace.
 * @since 0.1.0
 */
public final class CircuitBreaker {
    /*
     * Implementation overview: the state is an immutable Phase object in one AtomicReference.
     *
     *   Closed(gen, window) --rates reach a threshold--> Open(gen+1, until)
     *   Open --clock passes until (on the next tryAcquire/state)--> HalfOpen(gen+2, probes)
     *   HalfOpen --all probes done, rates below--> Closed(gen+3, new window)
     *   HalfOpen --all probes done, a rate reached--> Open(gen+3, until)
     *
     * Every transition is compareAndSet(expectedPhase, next): the one thread that wins tells the
     * listener; losers see the new phase. Half-open hands out its probes with a CAS-decremented
     * counter, so exactly `probes` calls get through; completed probes add to one packed AtomicLong
     * (done | failures << 21 | slow << 42), and the probe that completes the set decides.
     */

    private abstract static sealed class Phase permits Closed, Open, HalfOpen {
        final long gen;

        Phase(long gen) {
            this.gen = gen;
        }

        abstract State state();
    }

    private static final class Closed extends Phase {
        final Window window;

        Closed(long gen, Window window) {
            super(gen);
            this.window = window;
        }

        @Override
        State state() {
            return State.CLOSED;
        }
    }

    private static final class Open extends Phase {
        final long until;

        Open(long gen, long until) {
            super(gen);
            this.until = until;
        }

        @Override
        State state() {
            return State.OPEN;
        }
    }

    private static final class HalfOpen extends Phase {
        final AtomicLong permits;
        final AtomicLong results = new AtomicLong();

        HalfOpen(long gen, int probes) {
            super(gen);
            this.permits = new AtomicLong(probes);
        }

        @Override
        State state() {
            return State.HALF_OPEN;
        }
    }

    private static final int BITS = 21;
    /** "The clock was not read": the time is read only where it is needed. */
    private static final long NO_TIME = Long.MIN_VALUE;
    private static final long FIELD = (1L << BITS) - 1;

    private final String name;
    private final Clock clock;
    private final boolean countBased;
    private final int windowSize;
    private final long windowNanos;
    private final int buckets;
    private final Window.Thresholds thresholds;
    private final long slowNanos;
    private final long openNanos;
    private final int probes;
    private final Predicate<? super Throwable> recordFailure;
    private final Predicate<? super Throwable> ignore;
    private final StateListener listener;
    private final AtomicReference<Phase> phase;
    private final LongAdder successes = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder slowCalls = new LongAdder();
    private final LongAdder notPermitted = new LongAdder();
    private final LongAdder ignored = new LongAdder();

    private CircuitBreaker(Builder b) {
        this.name = b.name;
        this.clock = b.clock;
        this.countBased = b.countBased;
        this.windowSize = b.windowSize;
        this.windowNanos = b.windowNanos;
        this.buckets = b.buckets;
        // a count window never holds more than its size: a larger minimum would never be met
        int min = b.countBased ? Math.min(b.minimumCalls, b.windowSize) : b.minimumCalls;
        this.thresholds = new Window.Thresholds(min, b.failureRate, b.slowRate);
        this.slowNanos = b.slowNanos;
        this.openNanos = b.openNanos;
        this.probes = b.probes;
        this.recordFailure = b.recordFailure;
        this.ignore = b.ignore;
        this.listener = b.listener;
        this.phase = new AtomicReference<>(new Closed(0L, newWindow()));
    }

    /**
     * A builder with the defaults: a count-based window of 100 calls, minimum 100 calls, 50% failure
     * rate, slow-call rate 100% with calls slower than 60 s slow, 60 s open, 10 half-open probes,
     * every exception a failure, the system clock.
     *
     * @param name the name shown in {@link #toString()} and in refusals (gobreaker's {@code Name})
     * @return a new builder
     */
    public static Builder builder(String name) {
        return new Builder(Objects.requireNonNull(name, "name"));
    }

    private Window newWindow() {
        return countBased ? new CountWindow(windowSize) : new TimeWindow(windowNanos, buckets);
    }

    /**
     * Runs {@code fn} if the breaker admits it, timing it on the clock and recording its outcome.
     * Go: gobreaker's {@code cb.Execute(req)}.
     *
     * @param <T> the result type
     * @param fn the protected call
     * @return its result
     * @throws BreakerOpenException if the breaker refuses the call
     * @throws Exception what {@code fn} throws, unchanged
     */
    public <T> T call(Callable<T> fn) throws Exception {
        Objects.requireNonNull(fn, "fn");
        long gen = tryAcquire();
        if (gen < 0L) {
            throw refused();
        }
        long start = clock.nanoTime();
        T result;
        try {
            result = fn.call();
        } catch (Exception | Error e) {
            long end = clock.nanoTime();
            error(gen, end - start, e, end);
            throw e;
        }
        long end = clock.nanoTime();
        successes.increment();
        record(gen, end - start > slowNanos ? Window.SLOW : 0, end);
        return result;
    }

    private BreakerOpenException refused() {
        return new BreakerOpenException(name, phase.get().state() == State.OPEN ? State.OPEN : State.HALF_OPEN);
    }

    /**
     * Asks to make one call: Go's {@code TwoStepCircuitBreaker.Allow()}. On success, report the
     * outcome with {@link #onSuccess} or {@link #onError}, passing the returned generation.
     *
     * @return the generation that admitted the call (not negative), or -1 if refused
     */
    public long tryAcquire() {
        for (;;) {
            Phase p = phase.get();
            if (p instanceof Closed) {
                return p.gen;
            }
            if (p instanceof Open o) {
                if (clock.nanoTime() - o.until < 0L) {
                    notPermitted.increment();
                    return -1L;
                }
                move(o, new HalfOpen(o.gen + 1, probes));
                continue; // lost or won, read the new phase
            }
            HalfOpen h = (HalfOpen) p;
            long left;
            do {
                left = h.permits.get();
                if (left <= 0L) {
                    notPermitted.increment();
                    return -1L;
                }
            } while (!h.permits.compareAndSet(left, left - 1L));
            return h.gen;
        }
    }

    /**
     * Records a successful call admitted by generation {@code gen}.
     *
     * @param gen what {@link #tryAcquire()} returned
     * @param durationNanos how long the call took
     */
    public void onSuccess(long gen, long durationNanos) {
        successes.increment();
        record(gen, durationNanos > slowNanos ? Window.SLOW : 0, NO_TIME);
    }

    /**
     * Records a failed call admitted by generation {@code gen}, classified by the predicates.
     *
     * @param gen what {@link #tryAcquire()} returned
     * @param durationNanos how long the call took
     * @param failure what it threw
     */
    public void onError(long gen, long durationNanos, Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        error(gen, durationNanos, failure, NO_TIME);
    }

    private void error(long gen, long durationNanos, Throwable failure, long now) {
        if (ignore.test(failure)) {
            ignored.increment();
            Phase p = phase.get();
            if (p instanceof HalfOpen h && h.gen == gen) {
                h.permits.incrementAndGet(); // give the probe back: it decided nothing
            }
            return;
        }
        if (!recordFailure.test(failure)) {
            successes.increment();
            record(gen, durationNanos > slowNanos ? Window.SLOW : 0, now);
            return;
        }
        failures.increment();
        record(gen, Window.FAILURE | (durationNanos > slowNanos ? Window.SLOW : 0), now);
    }

    /** Records an outcome; {@code now} is the clock's reading at its end, or {@link #NO_TIME}. */
    private void record(long gen, int outcome, long now) {
        if ((outcome & Window.SLOW) != 0) {
            slowCalls.increment();
        }
        Phase p = phase.get();
        if (p.gen != gen) {
            return; // admitted by an earlier generation: it no longer counts
        }
        if (p instanceof Closed c) {
            // a count window needs no time: the clock is read only for a time window
            long t = now != NO_TIME || countBased ? now : clock.nanoTime();
            if (c.window.record(outcome, t, thresholds)) {
                move(c, new Open(c.gen + 1, clock.nanoTime() + openNanos));
            }
        } else if (p instanceof HalfOpen h) {
            long add = 1L | ((long) (outcome & Window.FAILURE) << BITS) | ((long) ((outcome & Window.SLOW) >> 1) << 2 * BITS);
            long v = h.results.addAndGet(add);
            long done = v & FIELD;
            if (done == probes) {
                // the probe that completes the set decides; no other can see done == probes
                long f = (v >>> BITS) & FIELD;
                long s = (v >>> 2 * BITS) & FIELD;
                boolean reopen = f * 100f >= thresholds.failureRate() * done || s * 100f >= thresholds.slowRate() * done;
                move(h, reopen ? new Open(h.gen + 1, clock.nanoTime() + openNanos) : new Closed(h.gen + 1, newWindow()));
            }
        }
    }

    private void move(Phase from, Phase to) {
        if (phase.compareAndSet(from, to)) {
            listener.onStateChange(this, from.state(), to.state());
        }
    }

    /**
     * The current state; an open breaker whose open duration has passed reports (and becomes)
     * half-open. Go: {@code cb.State()}.
     *
     * @return the state
     */
    public State state() {
        Phase p = phase.get();
        if (p instanceof Open o && clock.nanoTime() - o.until >= 0L) {
            move(o, new HalfOpen(o.gen + 1, probes));
            return phase.get().state();
        }
        return p.state();
    }

    /** {@return the name} */
    public String name() {
        return name;
    }

    /** {@return calls recorded as successes} */
    public long successes() {
        return successes.sum();
    }

    /** {@return calls recorded as failures} */
    public long failures() {
        return failures.sum();
    }

    /** {@return calls slower than the slow-call duration, successes and failures alike} */
    public long slowCalls() {
        return slowCalls.sum();
    }

    /** {@return calls refused} */
    public long notPermitted() {
        return notPermitted.sum();
    }

    /** {@return failures ignored by the ignore predicate} */
    public long ignored() {
        return ignored.sum();
    }

    /**
     * The closed window's failure rate, in percent.
     *
     * @return the rate, or -1 when not closed or below the minimum number of calls
     */
    public float failureRate() {
        Phase p = phase.get();
        if (!(p instanceof Closed c)) {
            return -1f;
        }
        long[] m = c.window.snapshot(clock.nanoTime());
        return m[0] < thresholds.minCalls() || m[0] == 0 ? -1f : m[1] * 100f / m[0];
    }

    @Override
    public String toString() {
        return "CircuitBreaker[" + name + ", state=" + state() + ", successes=" + successes()
                + ", failures=" + failures() + ", slow=" + slowCalls() + ", notPermitted=" + notPermitted() + "]";
    }

    /**
     * Builds a {@link CircuitBreaker}. Not thread-safe. Each setter checks its argument at once: a
     * value out of range throws {@link IllegalArgumentException} naming the argument and its range.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final String name;
        private Clock clock = Clock.system();
        private boolean countBased = true;
        private int windowSize = 100;
        private long windowNanos;
        private int buckets;
        private int minimumCalls = 100;
        private float failureRate = 50f;
        private float slowRate = 100f;
        private long slowNanos = Duration.ofSeconds(60).toNanos();
        private long openNanos = Duration.ofSeconds(60).toNanos();
        private int probes = 10;
        private Predicate<? super Throwable> recordFailure = t -> true;
        private Predicate<? super Throwable> ignore = t -> false;
        private StateListener listener = (b, from, to) -> { };

        private Builder(String name) {
            this.name = name;
        }

        /**
         * A window of the last {@code size} calls.
         *
         * @param size in {@code [1, 524288]}
         * @return this builder
         */
        public Builder countWindow(int size) {
            if (size < 1 || size > CountWindow.MAX_SIZE) {
                throw new IllegalArgumentException("size must be in [1, " + CountWindow.MAX_SIZE + "]: " + size);
            }
            this.countBased = true;
            this.windowSize = size;
            return this;
        }

        /**
         * A window of the calls of the last {@code window}, kept in {@code buckets} buckets.
         *
         * @param window positive, at least {@code buckets} nanoseconds
         * @param buckets in {@code [1, 1000]}
         * @return this builder
         */
        public Builder timeWindow(Duration window, int buckets) {
            Objects.requireNonNull(window, "window");
            if (buckets < 1 || buckets > 1000) {
                throw new IllegalArgumentException("buckets must be in [1, 1000]: " + buckets);
            }
            if (window.compareTo(Duration.ofNanos(buckets)) < 0 || window.compareTo(Duration.ofDays(365)) > 0) {
                throw new IllegalArgumentException("window must be in [buckets ns, 365 days]: " + window);
            }
            this.countBased = false;
            this.windowNanos = window.toNanos();
            this.buckets = buckets;
            return this;
        }

        /**
         * The fewest calls in the window before its rates count.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder minimumCalls(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("minimumCalls must be at least 1: " + n);
            }
            this.minimumCalls = n;
            return this;
        }

        /**
         * The failure rate, in percent, at which the breaker opens.
         *
         * @param percent in {@code (0, 100]}
         * @return this builder
         */
        public Builder failureRateThreshold(float percent) {
            this.failureRate = percent("failureRateThreshold", percent);
            return this;
        }

        /**
         * The slow-call rate, in percent, at which the breaker opens, and what counts as slow.
         *
         * @param percent in {@code (0, 100]}
         * @param slowerThan a call that takes longer is slow; not negative
         * @return this builder
         */
        public Builder slowCallRateThreshold(float percent, Duration slowerThan) {
            this.slowRate = percent("slowCallRateThreshold", percent);
            this.slowNanos = nanos("slowerThan", slowerThan);
            return this;
        }

        /**
         * How long the breaker stays open; durations beyond about 146 years count as that much.
         *
         * @param d not negative
         * @return this builder
         */
        public Builder openDuration(Duration d) {
            this.openNanos = nanos("openDuration", d);
            return this;
        }

        /**
         * How many probe calls half-open lets through.
         *
         * @param n in {@code [1, 1048575]}
         * @return this builder
         */
        public Builder halfOpenProbes(int n) {
            if (n < 1 || n > FIELD) {
                throw new IllegalArgumentException("halfOpenProbes must be in [1, " + FIELD + "]: " + n);
            }
            this.probes = n;
            return this;
        }

        /**
         * Which exceptions are failures; the others count as successes.
         *
         * @param p true for a failure
         * @return this builder
         */
        public Builder recordFailure(Predicate<? super Throwable> p) {
            this.recordFailure = Objects.requireNonNull(p, "recordFailure");
            return this;
        }

        /**
         * Which exceptions are not recorded at all.
         *
         * @param p true to ignore
         * @return this builder
         */
        public Builder ignore(Predicate<? super Throwable> p) {
            this.ignore = Objects.requireNonNull(p, "ignore");
            return this;
        }

        /**
         * The state-change listener.
         *
         * @param l the listener
         * @return this builder
         */
        public Builder listener(StateListener l) {
            this.listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /**
         * The clock that times calls and the open duration.
         *
         * @param c the clock
         * @return this builder
         */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** {@return the breaker, closed} */
        public CircuitBreaker build() {
            return new CircuitBreaker(this);
        }

        private static float percent(String what, float p) {
            if (!(p > 0f) || p > 100f) {
                throw new IllegalArgumentException(what + " must be in (0, 100]: " + p);
            }
            return p;
        }

        private static long nanos(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative: " + d);
            }
            // saturate at about 146 years, so clock arithmetic (now + d, compared by subtraction) never wraps
            return d.compareTo(Duration.ofNanos(Long.MAX_VALUE / 2)) >= 0 ? Long.MAX_VALUE / 2 : d.toNanos();
        }
    }
}

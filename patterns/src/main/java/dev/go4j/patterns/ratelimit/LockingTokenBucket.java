package dev.go4j.patterns.ratelimit;

import dev.go4j.context.Context;
import dev.go4j.time.Clock;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A token bucket refilled lazily under a lock: the count of tokens and the time it was last brought
 * up to date, advanced by {@code elapsed × rate} (capped at the burst) whenever somebody asks. Go: the
 * mutex-and-float64 design of {@code golang.org/x/time/rate.Limiter} without its reservation API — the
 * token bucket most Go services write by hand ({@code sync.Mutex}, {@code tokens}, {@code last}).
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@code rate} permits per second, at most {@code burst} at once; the bucket starts full. The
 *       refill is continuous (fractions of a token accrue), so there is no tick granularity.</li>
 *   <li>A blocking {@link #acquire(Context, int)} reserves: it takes its permits at once, letting the
 *       count go negative as {@code x/time/rate} does, and parks on a timer of the clock until the
 *       debt is paid. Waiters are therefore served in the order they arrived, and
 *       {@link #tryAcquire(int)} cannot barge ahead of them. If the context is done or the thread is
 *       interrupted before the timer fires, the call throws and takes nothing. Its permits are given
 *       back only if nobody has taken or reserved since (it is the last in the queue): the callers
 *       queued behind it keep their due times, so giving them back would let the next caller share
 *       the last one's instant. Otherwise they come back with time, as in {@code x/time/rate}'s
 *       {@code Reservation.Cancel}. A reservation whose timer has fired is kept.</li>
 *   <li>No close: the bucket owns no thread and no timer while nobody waits.</li>
 * </ul>
 *
 * <p>Thread safety: safe for any number of threads; every call holds one {@link ReentrantLock} for a
 * few arithmetic operations and reads the clock inside it, so the refill is never applied out of
 * order. Memory consistency effects: as {@link RateLimiter}.
 *
 * <p>Bad input: {@code rate} that is not a number, not positive or above 1e9 per second, a
 * {@code rate} so low that {@code burst / rate} exceeds 2^59 ns (18 years), or {@code burst < 1}
 * throw {@link IllegalArgumentException} naming the argument; a null clock throws
 * {@link NullPointerException}. Permits: as {@link RateLimiter}.
 *
 * <p>Example: {@snippet class=dev.go4j.patterns.ratelimit.RateLimiterSnippets region=locking}
 *
 * @implNote One lock acquisition, one clock read and no allocation per {@code tryAcquire}. Under
 * contention the lock serializes callers (park and unpark on a contended {@code ReentrantLock}); see
 * {@link AtomicTokenBucket} for the lock-free design. A blocking acquire that must wait allocates one
 * timer and one context registration.
 * @since 0.1.0
 */
public final class LockingTokenBucket implements RateLimiter {
    /* Implementation overview
     *
     * Under the lock: tokens (a double, may be negative while reservations wait), last (the clock
     * reading it is valid for) and takes (the number of the latest take still counted in tokens).
     *
     *   refill(now):   tokens = min(burst, tokens + (now - last) * rate / 1e9); last = now
     *   tryAcquire(n): refill; tokens >= n ? tokens -= n, true : false
     *   acquire(n):    refill; tokens -= n; mine = ++takes; if negative, due in ceil(-tokens / rate)
     *                  -> park on a timer
     *   give back n:   only if takes == mine (nothing taken since): refill; tokens = min(burst,
     *                  tokens + n); takes = mine - 1. Otherwise nothing.
     *
     * Why only the last (x/time/rate's Reservation.CancelAt: "tokens reserved after r should not be
     * restored"): each later waiter computed its due time from a count that had this reservation's n
     * taken, and keeps it. Adding n back while they wait would let the next caller be due at the
     * instant the last waiter is due — two grants at once with a burst of one. Left in, the n permits
     * come back with time; later waiters are never granted earlier than they were told.
     *
     * takes numbers every take that tokens still counts (grants with permits > 0 and reservations):
     * they are exactly 1..takes, since only the latest (takes == mine) is ever withdrawn, and
     * withdrawing it makes the one before the latest again. A reservation with later ones behind it
     * that is cancelled stays counted; so the one before it cannot be withdrawn either.
     *
     * Giving back the last is exact: while a reservation is not due the count stays below zero, so
     * the cap never cut it and adding n restores the count it would have had without the
     * reservation. A give-back after the due time (the wake-up raced the timer) is only ever capped at
     * the burst.
     *
     * Why a double: fractions of a token must accrue between calls; one rounding per call (1e-16 of
     * the burst) is far below the nanosecond's worth of a token the comparisons must resolve. The
     * products are formed as elapsed * rate / 1e9 and tokens * 1e9 / rate, never through a
     * precomputed rate per nanosecond, so that whole periods give whole tokens exactly (1e8 ns at
     * 10/s is 1.0 token, not 0.9999999999999999).
     */

    private final Clock clock;
    private final double rate;
    private final int burst;
    private final ReentrantLock lock = new ReentrantLock();
    /** Tokens in the bucket at {@link #last}; negative while reservations wait. Guarded by the lock. */
    private double tokens;
    /** The clock reading {@link #tokens} is valid for. Guarded by the lock. */
    private long last;
    /** The number of the latest take counted in {@link #tokens}; see the overview. Guarded by the lock. */
    private long takes;

    /**
     * Creates a full bucket on the system clock.
     *
     * @param rate permits per second, {@code 0 < rate <= 1e9}
     * @param burst the most permits granted at once, at least 1
     * @throws IllegalArgumentException if an argument is out of range
     */
    public LockingTokenBucket(double rate, int burst) {
        this(rate, burst, Clock.system());
    }

    /**
     * Creates a full bucket on the given clock.
     *
     * @param rate permits per second, {@code 0 < rate <= 1e9}
     * @param burst the most permits granted at once, at least 1
     * @param clock the time source (a {@link dev.go4j.time.ManualClock} in tests)
     * @throws IllegalArgumentException if {@code rate} or {@code burst} is out of range
     * @throws NullPointerException if {@code clock} is null
     */
    public LockingTokenBucket(double rate, int burst, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        TokenBuckets.intervalNanos(rate, burst); // validates both
        this.rate = rate;
        this.burst = burst;
        this.tokens = burst;
        this.last = clock.nanoTime();
    }

    /**
     * Takes {@code permits} now if the bucket holds them. Go: {@code lim.AllowN(time.Now(), n)}.
     *
     * @param permits how many, zero or more
     * @return true if taken; false if not (more than the burst is never granted)
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    @Override
    public boolean tryAcquire(int permits) {
        TokenBuckets.checkPermits(permits);
        if (permits == 0) {
            return true; // granted at once, even while callers wait for reserved permits
        }
        if (permits > burst) {
            return false;
        }
        lock.lock();
        try {
            refill(clock.nanoTime());
            if (tokens >= permits) {
                tokens -= permits;
                takes++;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes {@code permits}, waiting at most until {@code ctx} is done. Go: {@code lim.WaitN(ctx, n)}.
     *
     * @param ctx bounds the wait
     * @param permits how many, from zero to the burst
     * @throws InterruptedException if interrupted while waiting; nothing is taken (the permits are given
     *         back if the reservation is the last one)
     * @throws dev.go4j.context.ContextException the context's error if it is done first
     * @throws WaitExceedsDeadlineException at once, if the permits would be due after the deadline
     * @throws IllegalArgumentException if {@code permits} is negative or more than the burst
     * @throws NullPointerException if {@code ctx} is null
     */
    @Override
    public void acquire(Context ctx, int permits) throws InterruptedException {
        TokenBuckets.checkWait(ctx, permits, burst);
        TokenBuckets.checkNotDone(ctx);
        if (permits == 0) {
            return;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long wait;
        long mine;
        lock.lock();
        try {
            wait = reserveLocked(ctx, permits);
            mine = takes;
        } finally {
            lock.unlock();
        }
        if (wait == 0L) {
            return;
        }
        ClockWait.Outcome outcome = ClockWait.await(clock, wait, ctx);
        if (outcome == ClockWait.Outcome.ELAPSED) {
            return;
        }
        giveBack(mine, permits);
        if (outcome == ClockWait.Outcome.INTERRUPTED) {
            throw new InterruptedException();
        }
        throw ctx.err();
    }

    /**
     * Takes {@code permits} (the count may go negative), unless the wait would pass the context's
     * deadline; returns the wait in nanoseconds. The take's number is then {@link #takes}. Holds the
     * lock.
     *
     * @param ctx whose deadline bounds the wait; null for none
     */
    private long reserveLocked(Context ctx, int permits) {
        refill(clock.nanoTime());
        double after = tokens - permits;
        long wait = after >= 0.0 ? 0L : (long) Math.ceil(-after * 1e9 / rate);
        if (ctx != null) {
            TokenBuckets.checkDeadline(ctx, clock, wait, permits); // before taking: a failed call takes nothing
        }
        tokens = after;
        takes++;
        return wait;
    }

    /**
     * Reserves {@code permits} with no deadline, as a blocking acquire does before it parks; for tests.
     *
     * @return the take's number, for {@link #giveBack(long, int)}
     */
    long reserve(int permits) {
        lock.lock();
        try {
            reserveLocked(null, permits);
            return takes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives back the permits of a reservation that was not used, if nothing was taken after it
     * ({@code mine} is still the latest take); otherwise nothing: see the overview.
     *
     * @return whether the permits were given back
     */
    boolean giveBack(long mine, int permits) {
        lock.lock();
        try {
            if (takes != mine) {
                return false; // later waiters were scheduled on these permits being taken: keep them taken
            }
            refill(clock.nanoTime());
            tokens = Math.min(burst, tokens + permits); // exact: see the overview
            takes = mine - 1;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Brings {@link #tokens} up to {@code now}. Holds the lock. */
    private void refill(long now) {
        long elapsed = now - last;
        if (elapsed > 0L) {
            tokens = Math.min(burst, tokens + elapsed * rate / 1e9);
            last = now;
        }
    }

    /**
     * The tokens in the bucket now, negative while callers wait for reserved permits. For tests and
     * diagnostics.
     *
     * @return the token count, with its fraction
     */
    double available() {
        lock.lock();
        try {
            refill(clock.nanoTime());
            return tokens;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Describes the bucket.
     *
     * @return for example {@code LockingTokenBucket[rate=10.0/s, burst=5, tokens=2.5]}
     */
    @Override
    public String toString() {
        return "LockingTokenBucket[rate=" + rate + "/s, burst=" + burst + ", tokens=" + available() + "]";
    }
}

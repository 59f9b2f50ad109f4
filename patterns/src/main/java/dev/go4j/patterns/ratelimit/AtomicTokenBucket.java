package dev.go4j.patterns.ratelimit;

import dev.go4j.context.Context;
import dev.go4j.time.Clock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A lock-free token bucket: one {@code long} and one compare-and-set per grant. Go has no such type in
 * its standard library; it is what a Go service reaches for when the mutex of
 * {@code golang.org/x/time/rate.Limiter} shows up in a profile ({@code sync/atomic} on a packed state).
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@code rate} permits per second, at most {@code burst} at once; the bucket starts full. The
 *       refill is continuous (no ticks): a permit comes back every {@code 1e9 / rate} nanoseconds, a
 *       value rounded <em>up</em> to a whole nanosecond, so the bucket never grants faster than asked
 *       (a rate that does not divide 1e9 is served slightly slower: 0.1% at most up to a million
 *       permits per second; 3e8/s is served as 2.5e8/s).</li>
 *   <li>{@link #tryAcquire(int)} never blocks and never waits for a lock.</li>
 *   <li>A blocking {@link #acquire(Context, int)} reserves its permits at once (a later caller queues
 *       behind it: waiters are served in the order they reserved, and a {@code tryAcquire} cannot
 *       barge ahead of them), then parks on a timer of the clock until they are due. If the context
 *       is done or the thread is interrupted first, the call throws and takes nothing. Its slot is
 *       handed back only if nobody has taken or reserved since (it is the last in the queue): the
 *       callers queued behind it keep their due times, so handing it back would let the next caller
 *       share the last one's slot. Otherwise the slot stays unused, and the permits it held come
 *       back with time, as in {@code x/time/rate}'s {@code Reservation.Cancel}. A reservation whose
 *       timer has fired is kept.</li>
 *   <li>No close: the bucket owns no thread and no timer while nobody waits.</li>
 * </ul>
 *
 * <p>Thread safety: safe for any number of threads. Memory consistency effects: as
 * {@link RateLimiter}; every grant is a volatile compare-and-set on the one state word.
 *
 * <p>Bad input: {@code rate} that is not a number, not positive or above 1e9 per second, a
 * {@code rate} so low that {@code burst / rate} exceeds 2^59 ns (18 years), or {@code burst < 1} throw
 * {@link IllegalArgumentException} naming the argument; a null clock throws
 * {@link NullPointerException}. Permits: as {@link RateLimiter}.
 *
 * <p>Example: {@snippet class=dev.go4j.patterns.ratelimit.RateLimiterSnippets region=atomic}
 *
 * @implNote GCRA, the generic cell rate algorithm of ATM networks (ITU-T I.371), as "virtual
 * scheduling": the state is the theoretical arrival time {@code tat} of the next permit. A grant of
 * {@code n} reads the state and the clock, then tries one CAS (again on a lost race); a refusal is a volatile read and no write, so
 * a limiter that refuses does not bounce its cache line between cores. Nothing is allocated by
 * {@code tryAcquire}; a blocking acquire that must wait allocates one timer and one context
 * registration.
 * @since 0.1.0
 */
public final class AtomicTokenBucket implements RateLimiter {
    /* Implementation overview
     *
     * Time is clock.nanoTime() - origin ("now", >= 0). T = the emission interval in whole ns (rate
     * rounded down), tau = burst * T (the tolerance). The state is tat, "the bucket is empty from
     * tat - tau onwards": tokens(now) = min(burst, (now + tau - tat) / T).
     *
     *   fresh:          tat = 0                      -> burst tokens at now = 0 (starts full)
     *   grant n at now: tat' = max(tat, now) + n*T   -> allowed iff tat' <= now + tau
     *   idle:           max(tat, now) forgets any idle time at once (no refill loop, no overflow)
     *   reserve n:      tat' as above, unconditionally; due at tat' - tau; park until then
     *   give back n:    CAS tat: next -> next - n*T, where next is the tat this reservation wrote;
     *                   fails (nothing given back) if anyone took after it
     *
     * Bounds: n <= burst, so n*T <= tau <= 2^59; a grant keeps tat <= now + tau; waiting reservations
     * may push tat further, up to now + 2^60 + tau (beyond, acquire throws); now < 2^62 for 146 years
     * of uptime: nothing overflows, so plain comparisons are safe.
     *
     * What a cancelled reservation may give back (x/time/rate's Reservation.CancelAt: "tokens
     * reserved after r should not be restored"). A reservation owns the slot [next - n*T, next) of the
     * virtual schedule; every later grant or reservation was placed after it, from tat = next on,
     * and keeps its due time. Only the tail, the reservation whose next is still tat, can hand its
     * slot back: then tat -= n*T restores exactly the state without it, and the next caller takes the
     * slot no earlier than it would have been used. A reservation with later ones behind it gives back
     * nothing — subtracting its n*T would let the next caller's slot overlap the last waiter's, and two
     * permits would fall due at one instant with a burst of one. Its slot stays a hole in the schedule
     * until time passes it (conservative: at worst n permits come later than they could). While a
     * reservation waits, tat >= its next (later reservations start at tat >= next, a tail give-back
     * restores the tat its owner found, and max(tat, now) = tat as now < due <= next), so tat == next
     * means no live grant lies after it; a CAS that succeeds on a tat that went up and came back to
     * next (later tails given back) is right for the same reason. A late give-back (the wake-up raced
     * the timer: the slot is already past) only leaves tat further behind now, which max(tat, now)
     * clamps: never more than burst. Two tails cancelled together: the last one's CAS succeeds, the
     * other's fails and its slot stays a hole — conservative, as x/time/rate.
     *
     * Why the grant bound holds: the grants made up to a time t satisfy G*T <= tat_at_last_grant <=
     * t + tau, because tat rises by n*T per reservation and falls only by the n*T of the tail
     * reservation, which was never used and has nothing after it.
     *
     * The clock is read after tat, on every attempt: a grant takes effect at the instant it read the
     * clock, and that instant is no earlier than the reading of the grant that published the tat it
     * saw (the reading happened before that CAS, which happened before our read of tat, and
     * nanoTime is monotonic). Read the other way round, a thread preempted between its clock read and
     * its tat read would judge a full bucket by a stale "now" and refuse for nothing. The bound
     * above does not depend on the order of grants (it uses only that tat rises by n*T per grant).
     */

    /** How far ahead waiting reservations may reach: 2^60 ns, 36 years (keeps tat below 2^62). */
    private static final long MAX_QUEUE_NANOS = 1L << 60;
    private static final VarHandle TAT;

    static {
        try {
            TAT = MethodHandles.lookup().findVarHandle(AtomicTokenBucket.class, "tat", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Clock clock;
    private final long origin;
    private final long interval;
    private final long tolerance;
    private final int burst;
    private final double rate;
    /** Theoretical arrival time, nanoseconds since {@link #origin}; only ever changed by CAS or add. */
    private volatile long tat;

    /**
     * Creates a full bucket on the system clock.
     *
     * @param rate permits per second, {@code 0 < rate <= 1e9}
     * @param burst the most permits granted at once, at least 1
     * @throws IllegalArgumentException if an argument is out of range
     */
    public AtomicTokenBucket(double rate, int burst) {
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
    public AtomicTokenBucket(double rate, int burst, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interval = TokenBuckets.intervalNanos(rate, burst);
        this.tolerance = interval * burst;
        this.burst = burst;
        this.rate = rate;
        this.origin = clock.nanoTime();
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
        long cost = permits * interval;
        for (;;) {
            long t = tat;
            long now = clock.nanoTime() - origin; // after reading tat: see the overview
            long next = Math.max(t, now) + cost;
            if (next > now + tolerance) {
                return false; // a refusal writes nothing
            }
            if (TAT.compareAndSet(this, t, next)) {
                return true;
            }
            // lost the race to another grant (or a give-back): read tat again
        }
    }

    /**
     * Takes {@code permits}, waiting at most until {@code ctx} is done. Go: {@code lim.WaitN(ctx, n)}.
     *
     * @param ctx bounds the wait
     * @param permits how many, from zero to the burst
     * @throws InterruptedException if interrupted while waiting; nothing is taken (the reservation is
     *         handed back if it is the last one)
     * @throws dev.go4j.context.ContextException the context's error if it is done first
     * @throws WaitExceedsDeadlineException at once, if the permits would be due after the deadline
     * @throws IllegalArgumentException if {@code permits} is negative or more than the burst
     * @throws IllegalStateException if the reservations already waiting reach more than 2^60 ns
     *         (36 years) ahead: only a rate of a few permits a year with many waiters gets there
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
        long next = reserve(ctx, permits);
        long wait = next - tolerance - (clock.nanoTime() - origin); // due at next - tau
        if (wait <= 0L) {
            return;
        }
        ClockWait.Outcome outcome = ClockWait.await(clock, wait, ctx);
        if (outcome == ClockWait.Outcome.ELAPSED) {
            return;
        }
        giveBack(next, permits);
        if (outcome == ClockWait.Outcome.INTERRUPTED) {
            throw new InterruptedException();
        }
        throw ctx.err();
    }

    /**
     * Reserves {@code 1 <= permits <= burst} unconditionally (the queue behind the waiters already
     * there), unless the wait would pass the context's deadline; returns the {@code tat} it wrote, the
     * end of its slot: the permits are due at {@code next - tau}.
     *
     * @param ctx whose deadline bounds the wait; null for none
     */
    long reserve(Context ctx, int permits) {
        long cost = permits * interval;
        for (;;) {
            long t = tat;
            long now = clock.nanoTime() - origin;
            if (t - now > MAX_QUEUE_NANOS) {
                throw new IllegalStateException("the waiting reservations already reach more than 2^60 ns"
                        + " (36 years) ahead; rate " + rate + "/s is too low for this many waiters");
            }
            long next = Math.max(t, now) + cost;
            if (ctx != null) {
                // Before reserving: a call that would wait past its deadline must take nothing.
                TokenBuckets.checkDeadline(ctx, clock, next - tolerance - now, permits);
            }
            if (TAT.compareAndSet(this, t, next)) {
                return next;
            }
        }
    }

    /**
     * Hands back the slot of a reservation that was not used, if nothing was granted after it: the
     * reservation that wrote {@code tat = next} is still the tail. Otherwise gives back nothing (see
     * the overview): a later waiter's due time was computed on this slot being taken.
     *
     * @return whether the slot was handed back
     */
    boolean giveBack(long next, int permits) {
        return TAT.compareAndSet(this, next, next - permits * interval); // fails iff a later take exists
    }

    /**
     * The number of permits that could be taken now: {@code min(burst, (now + tau - tat) / T)}, which
     * is negative while callers wait for reserved permits. For tests and diagnostics.
     *
     * @return the permits available now, rounded down
     */
    long available() {
        long now = clock.nanoTime() - origin;
        return Math.min(burst, Math.floorDiv(now + tolerance - tat, interval));
    }

    /** The emission interval in nanoseconds, for tests. */
    long intervalNanos() {
        return interval;
    }

    /**
     * Describes the bucket.
     *
     * @return for example {@code AtomicTokenBucket[rate=10.0/s, burst=5, available=3]}
     */
    @Override
    public String toString() {
        return "AtomicTokenBucket[rate=" + rate + "/s, burst=" + burst + ", available=" + available() + "]";
    }
}

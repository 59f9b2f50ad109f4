package dev.go4j.patterns.ratelimit;

import dev.go4j.context.Context;
import dev.go4j.time.Clock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * An approximate sliding-window limiter in constant memory: the "sliding window counter" that
 * Cloudflare described, which counts grants in fixed windows and weighs the previous window's count
 * by how much of it the sliding window still overlaps. Go has no such type in its libraries; it is the
 * two-counter struct Go services write by hand (and what Redis-backed limiters compute with
 * {@code INCR} on two keys).
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>Time is cut into fixed windows of length {@code window}, starting when the limiter is made. At
 *       elapsed time {@code e} into the current window, the estimate of the grants in the last
 *       {@code window} is {@code previous * (window - e) / window + current}; {@code n} permits are
 *       granted when the estimate plus {@code n} is at most {@code limit} (compared exactly, in
 *       integers).</li>
 *   <li>It is an estimate: it assumes the previous window's grants were spread evenly. It can
 *       <em>over-admit</em> against the exact {@link SlidingLogLimiter} — grants bunched at the end of
 *       a window are under-weighted, and a true sliding window straddling the boundary can hold up to
 *       {@code 2 * limit - 1} grants — and it can <em>under-admit</em>: grants bunched at the start of
 *       a window are still weighed against the next one after they have left. The measured accuracy on
 *       steady and bursty traffic is in {@code docs/ratelimit.md}; the long-run rate is exact: each
 *       fixed window holds at most {@code limit}, so any span of length {@code t} from creation holds
 *       at most {@code limit * (floor(t / window) + 1)}, which is {@code rate * t + burst} when
 *       {@code limit = burst} and {@code window = burst / rate}.</li>
 *   <li>Permits come back gradually in the window after they were taken: a full window's worth
 *       taken at its start comes back one permit per {@code window / limit} after it ends.</li>
 *   <li>{@link #tryAcquire(int)} takes all or nothing and never blocks; {@link #acquire(int)}
 *       computes the instant at which the estimate will let the permits in, parks on a clock timer
 *       until then and tries again (no polling, no queue, no fairness). {@link #acquire(Context, int)}
 *       throws {@link WaitExceedsDeadlineException} at once if that instant is after the context's
 *       deadline. A waiter reserves nothing, so a call that throws has taken nothing.</li>
 * </ul>
 *
 * <p>Thread safety: safe for use by any number of threads, lock-free. Memory consistency effects:
 * actions in a thread before a call that is granted permits happen-before actions after any later call
 * on the same limiter that observes them (a successful CAS on the one state word).
 *
 * <p>Bad input: a {@code limit} below 1 or above {@value #MAX_LIMIT}, a window that is not positive, a
 * null clock or window throw at construction; {@code permits < 0} throws
 * {@link IllegalArgumentException}, and so does a blocking acquire of more than {@code limit} permits;
 * a null context throws {@link NullPointerException}.
 *
 * <p>Example — about 100 calls a minute, in 48 bytes:
 * {@snippet class=dev.go4j.patterns.ratelimit.SlidingWindowSnippets region=counter}
 *
 * @implNote The whole state — the fixed window's number (its low 24 bits), the previous and the
 * current count (20 bits each) — is one {@code long}, updated by CAS: no lock, no allocation per call,
 * and 48 bytes per limiter (JOL, compressed oops). The window number is kept modulo 2<sup>24</sup>:
 * a limiter untouched for an exact multiple of 2<sup>24</sup> windows (194 days of one-second
 * windows) would take its old counts for the current ones on its next call and under-admit for at
 * most two windows — never over-admit.
 * @since 0.1.0
 */
public final class SlidingWindowLimiter extends WindowLimiter {
    /* Implementation overview
     *
     *   state = [ window number mod 2^24 | previous count : 20 | current count : 20 ]
     *
     * take n:  read state, then read the clock (in that order: a state written by a thread that read a
     *          later time is never seen with an earlier reading, so the stored window is never ahead
     *          of ours on a monotonic clock). Roll the counts forward to the current window:
     *          same window -> as stored; next -> (current, 0); later -> (0, 0). Grant if
     *          previous * (window - e) + (current + n) * window <= limit * window, compared in 128 bits
     *          (Math.multiplyHigh), and CAS the new word in; a lost CAS re-reads both and retries.
     * refused: the wait is solved from the same inequality for e (this window, or the next one with
     *          previous = current), assuming nobody else takes anything; the waiter retries then.
     *
     * Why not a lock: the state fits a word, and the per-key limiter keeps many of these, so the 48-byte
     * footprint matters as much as the speed. Why not an AtomicLong: one object fewer (16 bytes).
     */

    /** The largest limit: the counts are 20-bit fields of the state word. */
    public static final int MAX_LIMIT = (1 << 20) - 1;

    private static final long COUNT_MASK = (1L << 20) - 1;
    private static final long WINDOW_MASK = (1L << 24) - 1;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(SlidingWindowLimiter.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long origin;
    /** Window number, previous and current count; see the overview. Accessed through {@link #STATE}. */
    @SuppressWarnings("unused")
    private volatile long state;

    /**
     * Creates a limiter of about {@code limit} permits per {@code window} on the system clock.
     *
     * @param limit the most permits in any window, as estimated; from 1 to {@value #MAX_LIMIT}
     * @param window the length of the window, positive
     * @throws IllegalArgumentException if {@code limit} is out of range or {@code window} is not positive
     * @throws NullPointerException if {@code window} is null
     */
    public SlidingWindowLimiter(int limit, Duration window) {
        this(limit, window, Clock.system());
    }

    /**
     * Creates a limiter of about {@code limit} permits per {@code window}, reading time from
     * {@code clock}; its first fixed window starts now.
     *
     * @param limit the most permits in any window, as estimated; from 1 to {@value #MAX_LIMIT}
     * @param window the length of the window, positive
     * @param clock the source of time and timers (a {@code ManualClock} in tests)
     * @throws IllegalArgumentException if {@code limit} is out of range or {@code window} is not positive
     * @throws NullPointerException if {@code window} or {@code clock} is null
     */
    public SlidingWindowLimiter(int limit, Duration window, Clock clock) {
        super(limit, MAX_LIMIT, window, clock);
        this.origin = clock.nanoTime();
    }

    @Override
    long take(int n) {
        if (n == 0) {
            return 0L;
        }
        for (;;) {
            long s = (long) STATE.getVolatile(this);
            long elapsed = Math.max(0L, clock.nanoTime() - origin);
            long number = elapsed / window;
            long e = elapsed - number * window;
            long previous = (s >>> 20) & COUNT_MASK;
            long current = s & COUNT_MASK;
            long behind = (number - (s >>> 40)) & WINDOW_MASK;
            if (behind == 1) {
                previous = current;
                current = 0;
            } else if (behind > WINDOW_MASK / 2) {
                // The stored window is ahead of our reading: only a clock that is not monotonic does
                // that. Stay conservative: count the stored window as current, fully weighted.
                number = s >>> 40;
                e = 0;
            } else if (behind != 0) {
                previous = 0;
                current = 0;
            }
            long room = limit - current - n;
            if (room >= 0 && fits(previous, window - e, room, window)) {
                long next = ((number & WINDOW_MASK) << 40) | (previous << 20) | (current + n);
                if (STATE.compareAndSet(this, s, next)) {
                    return 0L;
                }
                continue; // lost a race with another grant or a roll-over: read both again
            }
            return waitFor(n, previous, current, e);
        }
    }

    /** {@code a * b <= c * d} for non-negative operands, exactly (128-bit products). */
    static boolean fits(long a, long b, long c, long d) {
        long hi1 = Math.multiplyHigh(a, b);
        long hi2 = Math.multiplyHigh(c, d);
        return hi1 < hi2 || (hi1 == hi2 && Long.compareUnsigned(a * b, c * d) <= 0);
    }

    /**
     * Nanoseconds until {@code n} would fit if nobody else took anything: the smallest elapsed time
     * {@code e'} with {@code previous * (window - e') <= room * window}, in this window or a later one.
     * Solved in doubles; the retry re-checks exactly, so a rounding error costs one more short wait.
     */
    private long waitFor(int n, long previous, long current, long e) {
        long room = limit - current - n;
        if (room >= 0 && previous > 0) {
            long at = window - (long) Math.floor((double) room * window / previous);
            if (at < window) {
                return Math.max(1L, at - e);
            }
        }
        // Not in this window: the next one starts with previous = current and current = 0.
        long toNext = window - e;
        if (current == 0) {
            return Math.max(1L, toNext);
        }
        long at = window - (long) Math.floor((double) (limit - n) * window / current);
        if (at >= window) {
            return saturatedAdd(toNext, window); // n == limit: wait out the next window too
        }
        return Math.max(1L, saturatedAdd(toNext, Math.max(0L, at)));
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}

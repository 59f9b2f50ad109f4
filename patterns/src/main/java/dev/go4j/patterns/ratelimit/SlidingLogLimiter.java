package dev.go4j.patterns.ratelimit;

import dev.go4j.context.Context;
import dev.go4j.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exact sliding-window limiter: at most {@code limit} permits in any span of time of length
 * {@code window}. Go has no such type in its libraries; it is the "sliding log" Go services write by
 * hand — a slice of grant times under a {@code sync.Mutex}, trimmed on every call.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>A permit granted at instant {@code g} counts against the limit during {@code [g, g + window)}:
 *       at {@code g + window} it has left the window. So a fresh limiter grants {@code limit} permits
 *       at once, and then nothing until the first of them is {@code window} old: permits come back
 *       all at once, a window after they were taken — not one by one at a steady rate, as a token
 *       bucket's do.</li>
 *   <li>{@link #tryAcquire(int)} takes all the permits or none and never blocks.
 *       {@link #acquire(int)} computes when enough old grants will have left the window, parks on a
 *       clock timer until then, and tries again; it never polls. Waiters are not queued: a
 *       {@code tryAcquire} that comes first wins, so a waiter can be overtaken (no fairness).</li>
 *   <li>{@link #acquire(Context, int)} throws {@link WaitExceedsDeadlineException} at once if the
 *       computed wait ends after the context's deadline, and the context's error if it is done first.
 *       A waiter holds no reservation, so a call that throws has taken nothing.</li>
 *   <li>In any span of length {@code t} it grants at most {@code limit * (floor(t / window) + 1)}
 *       permits — with {@code limit = burst} and {@code window = burst / rate}, at most
 *       {@code rate * t + burst}, the bound a token bucket keeps.</li>
 * </ul>
 *
 * <p>Thread safety: safe for use by any number of threads. Memory consistency effects: actions in a
 * thread before a call that is granted permits happen-before actions after any later call on the same
 * limiter (both take the same lock).
 *
 * <p>Bad input: a {@code limit} below 1, a window that is not positive, a null clock or window throw
 * at construction; {@code permits < 0} throws {@link IllegalArgumentException}, and so does a blocking
 * acquire of more than {@code limit} permits (Go's {@code exceeds limiter's burst}); a null context
 * throws {@link NullPointerException}.
 *
 * <p>Example — at most 3 calls per second, exactly:
 * {@snippet class=dev.go4j.patterns.ratelimit.SlidingWindowSnippets region=log}
 *
 * @implNote A ring buffer of {@code limit} {@code long} timestamps (one per permit, from
 * {@link Clock#nanoTime()}) under a {@link ReentrantLock}: memory is {@code 8 * limit + 112} bytes
 * with the lock and the headers (JOL, compressed oops: 912 bytes for a limit of 100). A grant of {@code n} permits is O(n) (it writes n
 * timestamps) and allocates nothing; a check is O(1): the {@code (limit - n + 1)}-th newest grant must
 * be at least {@code window} old. A blocking acquire that waits allocates one clock task per wait.
 * @since 0.1.0
 */
public final class SlidingLogLimiter extends WindowLimiter {
    /* Implementation overview
     *
     * times[] is a ring of the last `limit` grant times, oldest at `head` once full. Before the ring
     * fills, `size` counts the entries and the oldest is at 0.
     *
     *   take n at now:  the grants that could still be in the window after this one are the newest
     *                   (limit - n); so the (limit - n + 1)-th newest, if it exists, must have left:
     *                   now - times[k] >= window. It is the n-th oldest when the ring is full.
     *   then:           write now into the n oldest slots (they all left the window), head += n.
     *   else:           the wait is times[k] + window - now: when that grant leaves.
     *
     * Keeping only `limit` entries is enough: the check never looks further back than the limit-th
     * newest grant (n >= 1). Timestamps are monotonic nanoseconds compared by subtraction, so they
     * survive nanoTime wrapping.
     */

    private final ReentrantLock lock = new ReentrantLock();
    /** Grant times, guarded by {@link #lock}. */
    private final long[] times;
    /** Index of the oldest entry, guarded by {@link #lock}. */
    private int head;
    /** Entries written so far, up to {@code limit}, guarded by {@link #lock}. */
    private int size;

    /**
     * Creates a limiter of {@code limit} permits per {@code window} on the system clock.
     *
     * @param limit the most permits granted in any span of length {@code window}, at least 1
     * @param window the length of the sliding window, positive
     * @throws IllegalArgumentException if {@code limit < 1} or {@code window} is not positive
     * @throws NullPointerException if {@code window} is null
     */
    public SlidingLogLimiter(int limit, Duration window) {
        this(limit, window, Clock.system());
    }

    /**
     * Creates a limiter of {@code limit} permits per {@code window} reading time from {@code clock}.
     *
     * @param limit the most permits granted in any span of length {@code window}, at least 1
     * @param window the length of the sliding window, positive
     * @param clock the source of time and timers (a {@code ManualClock} in tests)
     * @throws IllegalArgumentException if {@code limit < 1} or {@code window} is not positive
     * @throws NullPointerException if {@code window} or {@code clock} is null
     */
    public SlidingLogLimiter(int limit, Duration window, Clock clock) {
        super(limit, Integer.MAX_VALUE, window, clock);
        this.times = new long[limit];
    }

    @Override
    long take(int n) {
        if (n == 0) {
            return 0L;
        }
        lock.lock();
        try {
            long now = clock.nanoTime();
            int keep = limit - n; // grants that may stay in the window beside the n new ones
            if (size > keep) {
                // The (keep + 1)-th newest grant must have left the window.
                int k = size - keep - 1; // its position counted from the oldest
                long t = times[k >= limit - head ? k - (limit - head) : head + k];
                long age = now - t;
                if (age < window) {
                    return window - age;
                }
            }
            for (int i = 0; i < n; i++) {
                if (size < limit) {
                    times[size++] = now;
                } else {
                    times[head] = now;
                    head = head + 1 == limit ? 0 : head + 1;
                }
            }
            return 0L;
        } finally {
            lock.unlock();
        }
    }
}

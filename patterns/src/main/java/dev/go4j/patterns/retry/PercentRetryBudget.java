package dev.go4j.patterns.retry;

import dev.go4j.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Finagle's retry budget: retries may add at most {@code percentCanRetry} of the requests seen in the
 * last {@code ttl}, plus a floor of {@code minRetriesPerSecond} so a quiet client can still retry.
 * Finagle: {@code RetryBudget(ttl, minRetriesPerSec, percentCanRetry)} over a leaky token bucket.
 *
 * <p>Semantics: each first attempt deposits {@code percentCanRetry} of a token, each retry withdraws
 * one; deposits and withdrawals expire {@code ttl} later (in ten slots of {@code ttl/10}); a retry is
 * allowed while {@code minRetriesPerSecond * ttl} plus the live balance is at least one token.
 *
 * <p>Thread safety: any number of threads; one short lock around the slot ring (nothing blocks under
 * it). Memory consistency effects: the lock's.
 *
 * <p>Bad input: a non-positive {@code ttl}, a negative floor, or a percentage outside
 * {@code [0, 1000]} throws {@link IllegalArgumentException} naming it.
 *
 * @implNote O(1) per call besides expiring at most ten slots; no allocation.
 * @since 0.1.0
 */
public final class PercentRetryBudget implements RetryBudget {
    private static final int SLOTS = 10;
    private static final long MILLI = 1000L;

    private final Clock clock;
    private final long slotNanos;
    private final long reserve;
    private final long deposit;
    private final long[] net = new long[SLOTS];
    private final ReentrantLock lock = new ReentrantLock();
    private long slotIndex;

    /**
     * Creates a budget on the system clock.
     *
     * @param ttl how long deposits and withdrawals count, in {@code [1s, 60s]} as in Finagle
     * @param minRetriesPerSecond the floor, not negative
     * @param percentCanRetry the share of requests that may be retried, e.g. 0.2 for 20%
     * @throws IllegalArgumentException if an argument is out of range
     */
    public PercentRetryBudget(Duration ttl, int minRetriesPerSecond, double percentCanRetry) {
        this(ttl, minRetriesPerSecond, percentCanRetry, Clock.system());
    }

    /**
     * Creates a budget on {@code clock}.
     *
     * @param ttl how long deposits and withdrawals count, in {@code [1s, 60s]}
     * @param minRetriesPerSecond the floor, not negative
     * @param percentCanRetry the share of requests that may be retried, in {@code [0, 1000]}
     * @param clock the clock that expires the slots
     * @throws IllegalArgumentException if an argument is out of range
     * @throws NullPointerException if {@code ttl} or {@code clock} is null
     */
    public PercentRetryBudget(Duration ttl, int minRetriesPerSecond, double percentCanRetry, Clock clock) {
        Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("ttl must be in [1s, 60s]: " + ttl);
        }
        if (minRetriesPerSecond < 0) {
            throw new IllegalArgumentException("minRetriesPerSecond must not be negative: " + minRetriesPerSecond);
        }
        if (!(percentCanRetry >= 0) || percentCanRetry > 1000) {
            throw new IllegalArgumentException("percentCanRetry must be in [0, 1000]: " + percentCanRetry);
        }
        this.slotNanos = ttl.toNanos() / SLOTS;
        this.reserve = (long) minRetriesPerSecond * ttl.toSeconds() * MILLI;
        this.deposit = Math.round(percentCanRetry * MILLI);
        this.slotIndex = Math.floorDiv(clock.nanoTime(), slotNanos);
    }

    @Override
    public void onAttempt() {
        lock.lock();
        try {
            roll();
            net[(int) Math.floorMod(slotIndex, SLOTS)] += deposit;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean tryRetry() {
        lock.lock();
        try {
            roll();
            if (reserve + sum() < MILLI) {
                return false;
            }
            net[(int) Math.floorMod(slotIndex, SLOTS)] -= MILLI;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** {@return how many retries the budget would allow now} */
    public long balance() {
        lock.lock();
        try {
            roll();
            return Math.max(0L, (reserve + sum()) / MILLI);
        } finally {
            lock.unlock();
        }
    }

    private long sum() {
        long s = 0L;
        for (long v : net) {
            s += v;
        }
        return s;
    }

    /** Expires the slots that fell out of the window since the last call. */
    private void roll() {
        long now = Math.floorDiv(clock.nanoTime(), slotNanos);
        long steps = Math.min(SLOTS, now - slotIndex);
        for (long i = 1; i <= steps; i++) {
            net[(int) Math.floorMod(slotIndex + i, SLOTS)] = 0L;
        }
        if (now > slotIndex) {
            slotIndex = now;
        }
    }

    @Override
    public String toString() {
        return "PercentRetryBudget[balance=" + balance() + "]";
    }
}

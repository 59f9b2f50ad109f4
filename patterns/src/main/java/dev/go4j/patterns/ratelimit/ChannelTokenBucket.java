package dev.go4j.patterns.ratelimit;

import dev.go4j.chan.Channel;
import dev.go4j.chan.ChannelClosedException;
import dev.go4j.context.Context;
import dev.go4j.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The token bucket every Go tutorial writes, ported literally: a buffered channel of capacity
 * {@code burst} holds the tokens, and a ticker puts one in every {@code 1/rate} seconds, dropping it
 * when the channel is full. Go:
 * <pre>{@code
 * tokens := make(chan struct{}, burst)
 * for i := 0; i < burst; i++ { tokens <- struct{}{} }
 * ticker := time.NewTicker(time.Second / time.Duration(rate))
 * go func() {
 *     defer ticker.Stop()
 *     for {
 *         select {
 *         case <-ticker.C:
 *             select { case tokens <- struct{}{}: default: } // full: drop the token
 *         case <-stop:
 *             return
 *         }
 *     }
 * }()
 * <-tokens // take one, waiting: Wait; select { case <-tokens: default: } is Allow
 * }</pre>
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>The bucket starts full. {@link #tryAcquire(int)} takes {@code n} tokens with non-blocking
 *       receives, all or nothing: if it cannot get all {@code n} it puts back the ones it took.
 *       Under contention two callers can each take part and both give up; neither is granted more
 *       than it asked.</li>
 *   <li>{@link #acquire(Context, int)} receives its tokens one at a time, each bounded by the context
 *       (Go's {@code select} on {@code tokens} and {@code ctx.Done()}); waiters are served in arrival
 *       order, token by token. If the context is done or the thread is interrupted before it has all
 *       {@code n}, it puts back the ones it took and throws. The deadline test estimates the wait as
 *       the time to the next tick plus one tick per further batch of missing tokens, without counting other
 *       waiters.</li>
 *   <li><b>Tick granularity.</b> Tokens arrive whole, one per tick, every
 *       {@code ceil(1e9 / rate)} nanoseconds (rounded up: never faster than asked); above 1000 permits
 *       per second the ticker ticks once a millisecond (a whole number of token intervals) and puts
 *       that many tokens in at once, as a Go service would batch a fast ticker. A waiter waits
 *       until the next tick, never a fraction of it. On {@link Clock#system()} every tick is a task on
 *       the clock's one timer thread, so the rate is honoured only while that thread keeps up: ticks
 *       it falls behind on are skipped, as Go's ticker skips them, and the bucket then grants less
 *       than {@code rate}. Above a few thousand permits per second use {@link AtomicTokenBucket}.</li>
 *   <li>{@link #close()} stops the ticker (Go: {@code close(stop)}), closes the channel and wakes
 *       every waiter, which throws {@link IllegalStateException}; so does every call made after it.
 *       Closing twice is harmless. An open bucket holds one timer in its clock for ever: close it
 *       (try-with-resources).</li>
 * </ul>
 *
 * <p>Why no goroutine: in the Go code a goroutine moves each tick from {@code ticker.C} into the
 * bucket. Here the tick itself does the non-blocking send (a task of the clock that re-arms itself
 * on the ticker's fixed schedule), so a token is in the bucket when the tick's time has come — on a
 * {@link dev.go4j.time.ManualClock}, when {@code advance} returns, every token due is there, which a
 * goroutine reading a one-slot ticker channel could not promise (it would drop ticks it was late
 * for, exactly as the Go version does under load). It also saves a thread and a hand-off per token.
 *
 * <p>Thread safety: safe for any number of threads. Memory consistency effects: as
 * {@link RateLimiter}, through the channel's send and receive.
 *
 * <p>Bad input: {@code rate} that is not a number, not positive or above 1e9 per second, a
 * {@code rate} so low that {@code burst / rate} exceeds 2^59 ns (18 years), or {@code burst < 1}
 * throw {@link IllegalArgumentException} naming the argument; a null clock throws
 * {@link NullPointerException}. Permits: as {@link RateLimiter}.
 *
 * <p>Example: {@snippet class=dev.go4j.patterns.ratelimit.RateLimiterSnippets region=channel}
 *
 * @implNote Per permit, one channel receive (a CAS on the channel's ring, no allocation when a token
 * is there); per tick, one clock task and one channel offer per token it brings. A blocked acquire parks in the channel's
 * receive (with a context, in a two-case {@link dev.go4j.chan.Select}). The price of the literal port
 * is the tick: a timer task every period, even when the bucket is full and nobody calls.
 * @since 0.1.0
 */
public final class ChannelTokenBucket implements RateLimiter, AutoCloseable {
    /* Implementation overview
     *
     *   tokens:  Channel<Token> of capacity burst, filled at construction.
     *   tick():  under lock: if closed, stop; trySend(TOKEN) perTick times (full: the rest are
     *            dropped; perTick = 1 up to 1000/s, else the tokens of 1 ms); schedule the next
     *            tick at nextTick + period, skipping the ticks the clock is already past (Go's
     *            ticker: "drops ticks to make up for slow receivers").
     *   take n:  tryReceive n times; short: trySend back what was taken (the channel may have been
     *            refilled meanwhile, then the put-back drops: the bucket was full anyway). trySend
     *            fails only on a full channel, even while another receive is finishing (Go's rule,
     *            which the channel keeps: JCStress ChannelTrySendWithRoom), so no token is lost.
     *   close(): under lock: closed = true, cancel the pending tick, close the channel (blocked
     *            receivers wake and see it closed and drained).
     *
     * The lock orders ticks against close, so that no tick sends on a closed channel and no tick
     * re-arms after close; the constructor holds it while arming the first tick, so that a tick that
     * runs at once (a due tick on a busy system clock) cannot have its handle overwritten. Takers never take
     * it: their path is the channel's.
     */

    /** Go's {@code struct{}{}}: a token carries nothing. */
    private enum Token { TOKEN }

    /** The shortest tick: faster rates put several tokens in per tick rather than tick faster. */
    static final long MIN_TICK_NANOS = 1_000_000L;

    private final Clock clock;
    private final int burst;
    /** Nanoseconds per token, rounded up. */
    private final long interval;
    /** Tokens put in per tick: 1 at up to 1000 permits per second, more above. */
    private final int perTick;
    /** Nanoseconds between ticks: {@code perTick * interval}, at least {@link #MIN_TICK_NANOS} when batched. */
    private final long period;
    private final double rate;
    private final Channel<Token> tokens;
    private final Runnable tickTask = this::tick;
    private final ReentrantLock lock = new ReentrantLock();
    /** The clock reading of the next tick. Written under the lock; read without it for estimates. */
    private volatile long nextTick;
    /** The pending tick. Guarded by the lock. */
    private Clock.Scheduled scheduled;
    private volatile boolean closed;

    /**
     * Creates a full bucket, ticking on the system clock.
     *
     * @param rate permits per second, {@code 0 < rate <= 1e9}
     * @param burst the channel's capacity: the most permits granted at once, at least 1
     * @throws IllegalArgumentException if an argument is out of range
     */
    public ChannelTokenBucket(double rate, int burst) {
        this(rate, burst, Clock.system());
    }

    /**
     * Creates a full bucket, ticking on the given clock.
     *
     * @param rate permits per second, {@code 0 < rate <= 1e9}
     * @param burst the channel's capacity: the most permits granted at once, at least 1
     * @param clock the clock whose timer ticks (a {@link dev.go4j.time.ManualClock} in tests)
     * @throws IllegalArgumentException if {@code rate} or {@code burst} is out of range
     * @throws NullPointerException if {@code clock} is null
     */
    public ChannelTokenBucket(double rate, int burst, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interval = TokenBuckets.intervalNanos(rate, burst);
        // One timer task per token would keep the clock's single timer thread busy for every other
        // timer of the process at high rates (every nanosecond at 1e9/s): batch to one tick a millisecond.
        this.perTick = interval >= MIN_TICK_NANOS ? 1 : (int) Math.min(burst, ceilDiv(MIN_TICK_NANOS, interval));
        this.period = interval * perTick;
        this.rate = rate;
        this.burst = burst;
        this.tokens = Channel.make(burst);
        for (int i = 0; i < burst; i++) {
            tokens.trySend(Token.TOKEN);
        }
        lock.lock();
        try {
            nextTick = clock.nanoTime() + period;
            scheduled = clock.schedule(Duration.ofNanos(period), tickTask);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes {@code permits} tokens now if the channel holds them. Go:
     * {@code select { case <-tokens: default: }}, {@code n} times, all or nothing.
     *
     * @param permits how many, zero or more
     * @return true if taken; false if not (more than the burst is never granted)
     * @throws IllegalArgumentException if {@code permits} is negative
     * @throws IllegalStateException if the bucket is closed
     */
    @Override
    public boolean tryAcquire(int permits) {
        TokenBuckets.checkPermits(permits);
        ensureOpen();
        if (permits > burst) {
            return false;
        }
        int taken = 0;
        while (taken < permits && tokens.tryReceive() != null) {
            taken++;
        }
        if (taken == permits) {
            return true;
        }
        putBack(taken);
        return false;
    }

    /**
     * Takes {@code permits} tokens, waiting at most until {@code ctx} is done. Go:
     * {@code select { case <-tokens: case <-ctx.Done(): return ctx.Err() }}, {@code n} times.
     *
     * @param ctx bounds the wait
     * @param permits how many, from zero to the burst
     * @throws InterruptedException if interrupted while waiting; the tokens taken are put back
     * @throws dev.go4j.context.ContextException the context's error if it is done first; the tokens
     *         taken are put back
     * @throws WaitExceedsDeadlineException at once, if the ticks would bring the tokens only after the
     *         deadline
     * @throws IllegalArgumentException if {@code permits} is negative or more than the burst
     * @throws IllegalStateException if the bucket is or becomes closed
     * @throws NullPointerException if {@code ctx} is null
     */
    @Override
    public void acquire(Context ctx, int permits) throws InterruptedException {
        TokenBuckets.checkWait(ctx, permits, burst);
        ensureOpen();
        TokenBuckets.checkNotDone(ctx);
        if (permits == 0) {
            return;
        }
        int missing = permits - tokens.size();
        if (missing > 0) {
            long toNextTick = Math.max(0L, nextTick - clock.nanoTime());
            long ticks = ceilDiv(missing, perTick);
            TokenBuckets.checkDeadline(ctx, clock, toNextTick + (ticks - 1) * period, permits);
        }
        int taken = 0;
        boolean done = false;
        try {
            while (taken < permits) {
                tokens.receive(ctx);
                taken++;
            }
            done = true;
        } catch (ChannelClosedException e) {
            throw closedException(e);
        } finally {
            if (!done) {
                putBack(taken);
            }
        }
    }

    /**
     * Stops the ticker, closes the channel and wakes every waiter (they throw
     * {@link IllegalStateException}). Go: {@code close(stop)}, which ends the refill goroutine and its
     * {@code defer ticker.Stop()}. Closing twice is harmless.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            scheduled.cancel();
            tokens.close();
        } finally {
            lock.unlock();
        }
    }

    /** One tick: Go's {@code case <-ticker.C: select { case tokens <- struct{}{}: default: }}. */
    private void tick() {
        lock.lock();
        try {
            if (closed) {
                return; // lost the race with close, which cancelled nothing: stop here
            }
            for (int i = 0; i < perTick && tokens.trySend(Token.TOKEN); i++) {
                // false when full: the rest of this tick's tokens are dropped
            }
            long now = clock.nanoTime();
            long next = nextTick + period;
            if (next - now <= 0L) {
                // The clock ran this tick late: skip the ticks already past, keep the phase (Go's ticker).
                next += ((now - next) / period + 1) * period;
            }
            nextTick = next;
            scheduled = clock.schedule(Duration.ofNanos(next - now), tickTask);
        } finally {
            lock.unlock();
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** Puts back tokens a failed take had taken; a full or closed channel drops them. */
    private void putBack(int taken) {
        try {
            for (int i = 0; i < taken && tokens.trySend(Token.TOKEN); i++) {
                // each trySend returns one token
            }
        } catch (ChannelClosedException closedMeanwhile) {
            // closed while we held them: nobody can use them any more
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw closedException(null);
        }
    }

    private static IllegalStateException closedException(Throwable cause) {
        return new IllegalStateException("token bucket is closed", cause);
    }

    /** Tokens in the channel now ({@code len(tokens)}), for tests and diagnostics. */
    int available() {
        return tokens.size();
    }

    /**
     * Describes the bucket.
     *
     * @return for example {@code ChannelTokenBucket[rate=10.0/s, burst=5, tokens=3]}, or
     *         {@code ChannelTokenBucket[closed]}
     */
    @Override
    public String toString() {
        return closed ? "ChannelTokenBucket[closed]"
                : "ChannelTokenBucket[rate=" + rate + "/s, burst=" + burst + ", tokens=" + tokens.size() + "]";
    }
}

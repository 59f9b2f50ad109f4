package dev.go4j.patterns.ratelimit;

import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import dev.go4j.time.Clock;
import dev.go4j.time.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A token bucket that controls how often events may happen: a faithful port of Go's
 * {@code golang.org/x/time/rate.Limiter} ({@code rate.NewLimiter(r, b)}). The bucket holds at most
 * {@code burst} tokens, starts full, and refills at {@code limit} tokens per second; over any long
 * enough span it lets at most {@code limit} events per second happen, with bursts of at most
 * {@code burst} at once.
 *
 * <h2>Semantics (Go's, method for method)</h2>
 * Three ways to take tokens, which differ only in what they do when the tokens are not there yet:
 * <ul>
 *   <li>{@link #allow()} / {@link #allowN(long, int)} take them only if they are there now, and
 *       otherwise return false having taken nothing — for dropping events over the rate.</li>
 *   <li>{@link #reserve()} / {@link #reserveN(long, int)} always take them, borrowing from the future
 *       if need be (the bucket goes negative), and return a {@link Reservation} that says how long to
 *       wait before acting; {@link Reservation#cancel()} gives back what it can. Only a request for more
 *       than the burst is refused ({@link Reservation#ok()} false).</li>
 *   <li>{@link #wait(Context)} / {@link #waitN(Context, int)} reserve and then park until the reserved
 *       time, or until the context is done, which cancels the reservation (so its tokens are given
 *       back, as far as later reservations allow) and throws the context's error. A wait that would end
 *       after the context's deadline fails at once with {@link WaitExceedsDeadlineException} and takes
 *       nothing; a wait for more than the burst throws {@link IllegalArgumentException} with Go's
 *       message {@code rate: Wait(n=%d) exceeds limiter's burst %d}.</li>
 * </ul>
 * These names are Go's. Java's {@link Object#wait()} is final, but {@code wait(Context)} is a legal
 * overload with a different parameter type, so the Go name is kept; {@link #acquire(Context, int)} is
 * the same call under the {@link RateLimiter} name.
 *
 * <p>Special values, exactly as in current Go: with {@link Limit#INF} every call is granted at once,
 * whatever the burst (even zero); with a zero limit nothing refills, so only the tokens the bucket holds
 * (a fresh bucket holds its burst) are ever granted — and a reservation beyond them is {@code ok} with a
 * delay of {@link #INF_DURATION}; with a zero burst nothing is ever granted unless the limit is
 * infinite. {@link #setLimit} and {@link #setBurst} change the bucket from the current time on; the
 * reservations already made are not re-timed (Go: they "may be violated or underutilized").
 *
 * <h2>Time</h2>
 * The explicit forms ({@code allowN(atNanos, n)}, {@code reserveN}, {@code setLimitAt}, {@code tokensAt},
 * {@link Reservation#cancelAt}, {@link Reservation#delayFrom}) take a reading of this limiter's clock's
 * {@link Clock#nanoTime()} — Go's {@code time.Time}, whose monotonic reading is what the Go code
 * subtracts. The shorthand forms read the clock <em>inside</em> the limiter's lock, so a call that
 * waited for the lock never applies a timestamp older than one already applied (Go's {@code Allow}
 * reads {@code time.Now()} before locking, and its tracker shows limits overshot under contention:
 * golang/go#65508, #71360). A time earlier than the latest the limiter has applied is taken as that
 * latest time: no tokens refill for it and the bucket's clock never moves back. Go's {@code advance}
 * instead moves its clock back to the old time and re-credits the span on the next call (its
 * {@code TestLimiterJumpBackwards} pins that), which is how stale timestamps overshoot the limit.
 *
 * <h2>Where this port answers differently from Go</h2>
 * Only where Go's answer creates tokens from nothing or accepts nonsense; each is pinned by a test:
 * <ul>
 *   <li>a time earlier than the latest applied is taken as the latest (above);</li>
 *   <li>a {@link Reservation} gives its tokens back once: Go's second {@code CancelAt} gives them back
 *       again;</li>
 *   <li>a reservation made under an infinite limit took nothing, so cancelling it after the limit
 *       became finite gives nothing back (Go gives back tokens that were never taken);</li>
 *   <li>a negative {@code n}, burst or limit, and a NaN limit, are rejected (Go would add tokens, refuse
 *       everything, or compute garbage).</li>
 * </ul>
 *
 * <p>Thread safety: every method may be called from any number of threads. Memory consistency effects:
 * actions in a thread before a call that takes or gives back tokens happen-before actions after any
 * later call, on the same limiter, that observes the bucket it left (one lock orders them all).
 *
 * <p>Bad input: a null limit, clock or context throws {@link NullPointerException} naming it; a
 * negative burst or a negative {@code n} throws {@link IllegalArgumentException} naming it (Go accepts
 * both: a negative {@code n} would put tokens into the bucket). The {@link RateLimiter} methods call it
 * {@code permits} and grant zero permits at once, as that contract says (Go's {@code AllowN(t, 0)} is
 * false while reservations are outstanding, and {@code allowN} keeps that).
 *
 * <p>Example — a client that calls a partner API at most 10 times a second, in bursts of 5:
 * {@snippet class=dev.go4j.patterns.ratelimit.LimiterSnippets region=wait}
 * and the three styles side by side, at fixed instants of a test clock:
 * {@snippet class=dev.go4j.patterns.ratelimit.LimiterSnippets region=styles}
 *
 * @implNote Go's {@code rate.go}: the bucket is a few numbers ({@code tokens}, {@code last},
 * {@code lastEvent}, {@code limit}, {@code burst}) refilled lazily from the elapsed time — no thread,
 * no timer, no queue. One {@link ReentrantLock} (Go's {@code sync.Mutex}) guards them; every call takes
 * it once. {@code allow} allocates nothing; {@code reserve} allocates its {@link Reservation}; a
 * {@code waitN} that must wait allocates one {@link Timer} on the clock (and, with a cancellable
 * context, the select that watches both) and parks until one of them fires — no polling. A plain lock is
 * right for a faithful port: the state is three related numbers that one CAS cannot cover without
 * packing, and the critical section is a few arithmetic operations, so a lock-free bucket (another
 * flavour in this package) gains only under heavy contention; see the benchmark.
 * @since 0.1.0
 */
public final class Limiter implements RateLimiter {
    /* Implementation overview
     *
     * Times are longs: nanoseconds since this limiter's origin (the clock's nanoTime() when it was
     * made), so that they compare with < and saturate instead of wrapping. NEVER (Long.MIN_VALUE) is
     * Go's zero time.Time for last and lastEvent; no real time maps to it (rel() steps over it).
     *
     * advance(t):  tokens + limit * (t - last), capped at burst; changes nothing (Go's advance).
     * reserve(t, n, maxWait):  t = max(t, last); left = advance(t) - n; wait = time to earn -left;
     *              ok iff n <= burst and wait <= maxWait; if ok: last = t, tokens = left,
     *              lastEvent = t + wait (the reservation's timeToAct). INF: ok at t, state untouched.
     * cancel(r, t):  t = max(t, last); if r is still ahead (timeToAct >= t), give back r.tokens minus
     *              what the reservations made after r have taken (limit * (lastEvent - timeToAct));
     *              if r was the last reservation, pull lastEvent back to where it was before r.
     *
     * Go's allow/reserve/wait take time.Now() before locking; here the shorthand forms read the clock
     * under the lock (see the class Javadoc) and waitN reads it there too, so the delay it parks for is
     * measured from the instant its tokens were reserved.
     */

    /**
     * The delay of a reservation that is not {@link Reservation#ok() ok}, and of one that can never
     * come (a zero limit): about 292 years. Go: {@code rate.InfDuration}.
     */
    public static final Duration INF_DURATION = Duration.ofNanos(Long.MAX_VALUE);

    /** Go's zero {@code time.Time}: before every real time. */
    static final long NEVER = Long.MIN_VALUE;
    /** What {@link #reserveLocked} returns for a refused reservation (never a real time). */
    static final long NOT_OK = Long.MIN_VALUE;

    private final Clock clock;
    private final long origin;
    /** Guards every field below: Go's {@code mu}. */
    private final ReentrantLock lock = new ReentrantLock();
    private Limit limit;
    private int burst;
    private double tokens;
    /** The last time {@link #tokens} was brought up to date. */
    private long last = NEVER;
    /** The time to act of the latest reservation, past or future. */
    private long lastEvent = NEVER;

    /**
     * Creates a full limiter on the system clock: Go's {@code rate.NewLimiter(limit, burst)}.
     *
     * @param limit tokens per second
     * @param burst the bucket's size, and the most one call may take (unless the limit is infinite)
     * @throws NullPointerException if {@code limit} is null
     * @throws IllegalArgumentException if {@code burst} is negative
     */
    public Limiter(Limit limit, int burst) {
        this(limit, burst, Clock.system());
    }

    /**
     * Creates a full limiter that reads time from {@code clock}: Go's {@code rate.NewLimiter(limit,
     * burst)}, with the clock a test can drive.
     *
     * @param limit tokens per second
     * @param burst the bucket's size, and the most one call may take (unless the limit is infinite)
     * @param clock the source of time and of the timers waits park on
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code burst} is negative
     */
    public Limiter(Limit limit, int burst, Clock clock) {
        this.limit = Objects.requireNonNull(limit, "limit");
        this.burst = checkBurst(burst);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.origin = clock.nanoTime();
        this.tokens = burst; // current Go starts full (x/time v0.3.0 started empty and refilled from year 1)
    }

    // ---------------------------------------------------------------- configuration

    /**
     * The limit. Go: {@code lim.Limit()}.
     *
     * @return the current limit
     */
    public Limit limit() {
        lock.lock();
        try {
            return limit;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The burst: the bucket's size, and the most tokens one call may take. Go: {@code lim.Burst()}.
     *
     * @return the current burst
     */
    public int burst() {
        lock.lock();
        try {
            return burst;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sets the limit from now on. Go: {@code lim.SetLimit(newLimit)}. The tokens earned so far are
     * counted at the old limit; reservations already made keep their times.
     *
     * @param newLimit the new limit
     * @throws NullPointerException if {@code newLimit} is null
     */
    public void setLimit(Limit newLimit) {
        Objects.requireNonNull(newLimit, "newLimit");
        lock.lock();
        try {
            setLimitLocked(now(), newLimit);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sets the limit from {@code atNanos} on. Go: {@code lim.SetLimitAt(t, newLimit)}.
     *
     * @param atNanos a reading of this limiter's clock's {@link Clock#nanoTime()}
     * @param newLimit the new limit
     * @throws NullPointerException if {@code newLimit} is null
     */
    public void setLimitAt(long atNanos, Limit newLimit) {
        Objects.requireNonNull(newLimit, "newLimit");
        lock.lock();
        try {
            setLimitLocked(rel(atNanos), newLimit);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sets the burst from now on. Go: {@code lim.SetBurst(newBurst)}. A smaller burst caps the tokens
     * held at once, from the next call.
     *
     * @param newBurst the new burst, zero or more
     * @throws IllegalArgumentException if {@code newBurst} is negative
     */
    public void setBurst(int newBurst) {
        checkBurst(newBurst);
        lock.lock();
        try {
            setBurstLocked(now(), newBurst);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sets the burst from {@code atNanos} on. Go: {@code lim.SetBurstAt(t, newBurst)}.
     *
     * @param atNanos a reading of this limiter's clock's {@link Clock#nanoTime()}
     * @param newBurst the new burst, zero or more
     * @throws IllegalArgumentException if {@code newBurst} is negative
     */
    public void setBurstAt(long atNanos, int newBurst) {
        checkBurst(newBurst);
        lock.lock();
        try {
            setBurstLocked(rel(atNanos), newBurst);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- tokens

    /**
     * The tokens in the bucket now; negative while reservations are outstanding. Go:
     * {@code lim.Tokens()}.
     *
     * @return the number of tokens available now
     */
    public double tokens() {
        lock.lock();
        try {
            return advance(Math.max(now(), last));
        } finally {
            lock.unlock();
        }
    }

    /**
     * The tokens in the bucket at {@code atNanos}, changing nothing. Go: {@code lim.TokensAt(t)}.
     *
     * @param atNanos a reading of this limiter's clock's {@link Clock#nanoTime()}
     * @return the number of tokens available then (as of the latest time applied, if earlier)
     */
    public double tokensAt(long atNanos) {
        lock.lock();
        try {
            return advance(Math.max(rel(atNanos), last));
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- allow

    /**
     * Takes one token if it is there now. Go: {@code lim.Allow()}.
     *
     * @return true if the token was taken; false if not (nothing was taken)
     */
    public boolean allow() {
        return allowNow(1);
    }

    /**
     * Takes {@code n} tokens if they are all there at {@code atNanos}. Go: {@code lim.AllowN(t, n)}.
     * Use it to drop or skip events over the rate; to slow down instead, use {@link #reserveN} or
     * {@link #waitN}.
     *
     * @param atNanos a reading of this limiter's clock's {@link Clock#nanoTime()}
     * @param n how many, zero or more
     * @return true if the tokens were taken; false if not (nothing was taken). Zero tokens are granted
     *         unless the bucket is in debt to reservations, as in Go
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public boolean allowN(long atNanos, int n) {
        checkN(n, "n");
        lock.lock();
        try {
            return reserveLocked(rel(atNanos), n, 0L) != NOT_OK;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes {@code permits} tokens if they are all there now. Go: {@code lim.AllowN(time.Now(), n)},
     * with the clock read under the lock.
     *
     * @param permits how many, zero or more; zero is always granted
     * @return true if the tokens were taken; false if not (nothing was taken)
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    @Override
    public boolean tryAcquire(int permits) {
        checkN(permits, "permits");
        return permits == 0 || allowNow(permits);
    }

    private boolean allowNow(int n) {
        lock.lock();
        try {
            return reserveLocked(now(), n, 0L) != NOT_OK;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- reserve

    /**
     * Reserves one token now. Go: {@code lim.Reserve()}.
     *
     * @return the reservation: act after its {@link Reservation#delay()}, or
     *         {@link Reservation#cancel()} it
     */
    public Reservation reserve() {
        lock.lock();
        try {
            return reserveNLocked(now(), 1);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reserves {@code n} tokens at {@code atNanos}, borrowing from the future if they are not there. Go:
     * {@code lim.ReserveN(t, n)}. The limiter counts the reservation against later calls whether or not
     * its holder acts; a holder that will not act should {@linkplain Reservation#cancel() cancel} it.
     * Use it to slow down without dropping events when you manage the waiting yourself; to respect a
     * deadline, use {@link #waitN}.
     *
     * @param atNanos a reading of this limiter's clock's {@link Clock#nanoTime()}
     * @param n how many, zero or more
     * @return the reservation; not {@link Reservation#ok() ok} (and nothing taken) if {@code n} is more
     *         than the burst and the limit is not infinite
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public Reservation reserveN(long atNanos, int n) {
        checkN(n, "n");
        lock.lock();
        try {
            return reserveNLocked(rel(atNanos), n);
        } finally {
            lock.unlock();
        }
    }

    private Reservation reserveNLocked(long t, int n) {
        long timeToAct = reserveLocked(t, n, Long.MAX_VALUE);
        return timeToAct == NOT_OK
                ? new Reservation(this, false, 0, 0L, 0.0)
                : new Reservation(this, true, n, timeToAct, limit.perSecond());
    }

    // ---------------------------------------------------------------- wait

    /**
     * Takes one token, waiting until it comes or {@code ctx} is done. Go: {@code lim.Wait(ctx)}.
     * (An overload of Go's name; {@link Object#wait()} is unrelated.)
     *
     * @param ctx bounds the wait
     * @throws InterruptedException if interrupted while waiting; the reservation is cancelled
     * @throws ContextException the context's error if it is or becomes done first; the reservation is
     *         cancelled
     * @throws WaitExceedsDeadlineException if the token would come only after the context's deadline;
     *         thrown at once, nothing taken
     * @throws IllegalArgumentException if the burst is zero and the limit is not infinite
     * @throws NullPointerException if {@code ctx} is null
     */
    public void wait(Context ctx) throws InterruptedException {
        waitN(ctx, 1);
    }

    /**
     * Takes {@code n} tokens, waiting until they come or {@code ctx} is done. Go:
     * {@code lim.WaitN(ctx, n)}.
     *
     * <p>In Go's order: more than the burst (unless the limit is infinite) throws at once; a context
     * already done throws its error; a wait that would end after the context's deadline throws
     * {@link WaitExceedsDeadlineException} at once, taking nothing. Otherwise the tokens are reserved
     * and the call parks on a timer of the limiter's clock until the reserved time; if the context is
     * done first (or the thread is interrupted) the reservation is cancelled — giving its tokens back
     * as far as later reservations allow — and the call throws.
     *
     * @param ctx bounds the wait
     * @param n how many, zero or more
     * @throws InterruptedException if interrupted before or while waiting (the interrupt status is
     *         cleared); the reservation is cancelled
     * @throws ContextException the context's {@link Context#err() err()} if it is or becomes done
     *         before the tokens come; the reservation is cancelled
     * @throws WaitExceedsDeadlineException if the tokens would come only after the context's deadline
     * @throws IllegalArgumentException if {@code n} is negative, or more than the burst while the limit
     *         is not infinite (Go's message {@code rate: Wait(n=%d) exceeds limiter's burst %d})
     * @throws NullPointerException if {@code ctx} is null
     */
    public void waitN(Context ctx, int n) throws InterruptedException {
        Objects.requireNonNull(ctx, "ctx");
        checkN(n, "n");
        int b;
        boolean inf;
        lock.lock();
        try {
            b = burst;
            inf = limit.isInf();
        } finally {
            lock.unlock();
        }
        if (n > b && !inf) {
            throw new IllegalArgumentException("rate: Wait(n=" + n + ") exceeds limiter's burst " + b);
        }
        ContextException err = ctx.err();
        if (err != null) {
            throw err;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Optional<Instant> deadline = ctx.deadline();
        long t;
        long timeToAct;
        double reservedAt;
        lock.lock();
        try {
            t = now();
            // Go: waitLimit := deadline.Sub(now), measured from the same instant as the reservation.
            long maxWait = deadline.isPresent() ? nanosUntil(deadline.get()) : Long.MAX_VALUE;
            timeToAct = reserveLocked(t, n, maxWait);
            reservedAt = limit.perSecond();
        } finally {
            lock.unlock();
        }
        if (timeToAct == NOT_OK) {
            throw new WaitExceedsDeadlineException(n);
        }
        long delay = saturatedSub(timeToAct, t); // >= 0: timeToAct >= max(t, last)
        if (delay <= 0L) {
            return;
        }
        Timer timer = clock.newTimer(Duration.ofNanos(delay));
        try {
            timer.c().receive(ctx); // the timer's tick, or ctx.err() thrown, or an interrupt
        } catch (ContextException | InterruptedException e) {
            // Go: "Context was canceled before we could proceed. Cancel the reservation, which may
            // permit other events to proceed sooner."
            lock.lock();
            try {
                cancelLocked(n, timeToAct, reservedAt, now());
            } finally {
                lock.unlock();
            }
            throw e;
        } finally {
            timer.stop();
        }
    }

    /**
     * Takes {@code permits} tokens, waiting as long as it takes. Go:
     * {@code lim.WaitN(context.Background(), n)}.
     *
     * @param permits how many, from zero to the burst; zero returns at once
     * @throws InterruptedException if interrupted while waiting; the reservation is cancelled
     * @throws IllegalArgumentException if {@code permits} is negative or more than the burst (unless
     *         the limit is infinite)
     */
    @Override
    public void acquire(int permits) throws InterruptedException {
        checkN(permits, "permits");
        if (permits > 0) {
            waitN(Context.background(), permits);
        }
    }

    /**
     * Takes {@code permits} tokens, waiting at most until {@code ctx} is done. Go:
     * {@code lim.WaitN(ctx, n)}; see {@link #waitN}.
     *
     * @param ctx bounds the wait
     * @param permits how many, from zero to the burst; zero returns at once
     * @throws InterruptedException if interrupted while waiting; the reservation is cancelled
     * @throws ContextException the context's error, if it is done before the tokens come
     * @throws WaitExceedsDeadlineException if the tokens would come only after the context's deadline
     * @throws IllegalArgumentException if {@code permits} is negative or more than the burst (unless
     *         the limit is infinite)
     * @throws NullPointerException if {@code ctx} is null
     */
    @Override
    public void acquire(Context ctx, int permits) throws InterruptedException {
        Objects.requireNonNull(ctx, "ctx");
        checkN(permits, "permits");
        if (permits > 0) {
            waitN(ctx, permits);
        }
    }

    /**
     * Shows the limit, the burst and the tokens now.
     *
     * @return for example {@code Limiter[limit=10.0/s, burst=5, tokens=3.0]}
     */
    @Override
    public String toString() {
        lock.lock();
        try {
            return "Limiter[limit=" + limit + ", burst=" + burst + ", tokens=" + advance(Math.max(now(), last)) + "]";
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- the bucket (all under the lock)

    /** The clock's time now, on this limiter's scale. Called under the lock (see the class Javadoc). */
    private long now() {
        return rel(clock.nanoTime());
    }

    /** A clock reading on this limiter's scale: nanoseconds since the origin, never {@link #NEVER}. */
    private long rel(long atNanos) {
        long r = atNanos - origin; // wrap-safe for readings within 292 years of the origin
        return r == NEVER ? NEVER + 1 : r;
    }

    /** Nanoseconds from the clock's wall time now to {@code deadline}, saturated. */
    private long nanosUntil(Instant deadline) {
        try {
            return Duration.between(clock.now(), deadline).toNanos();
        } catch (ArithmeticException far) {
            return deadline.isBefore(clock.now()) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** Go's advance: the tokens at {@code t} (not before {@link #last}), changing nothing. */
    private double advance(long t) {
        double delta = Limit.tokensFromDuration(limit.perSecond(), saturatedSub(t, last));
        double result = tokens + delta;
        return result > burst ? burst : result;
    }

    /**
     * Go's reserveN: takes {@code n} tokens at {@code t} if they come within {@code maxWait}, and
     * returns the time to act, or {@link #NOT_OK} (and changes nothing).
     */
    private long reserveLocked(long t, int n, long maxWait) {
        if (limit.isInf()) {
            return t; // everything is allowed and nothing is counted
        }
        long at = Math.max(t, last); // a time already passed is the latest time applied: no re-credit
        double left = advance(at) - n;
        long wait = left < 0.0 ? Limit.durationFromTokens(limit.perSecond(), -left) : 0L;
        if (n > burst || wait > maxWait) {
            return NOT_OK;
        }
        long timeToAct = saturatedAdd(at, wait);
        last = at;
        tokens = left;
        lastEvent = timeToAct;
        return timeToAct;
    }

    /** Go's CancelAt for a reservation of {@code n} tokens made at limit {@code reservedAt}. */
    void cancelLocked(int n, long timeToAct, double reservedAt, long t) {
        // Nothing was taken under an infinite limit (Go checks only the current limit, and would give
        // tokens back that were never taken once the limit became finite).
        if (limit.isInf() || reservedAt == Double.MAX_VALUE || n == 0) {
            return;
        }
        long at = Math.max(t, last);
        if (timeToAct < at) {
            return; // too late: the tokens were used
        }
        // The span between this reservation's time and the last one's was earned for the reservations
        // made after this one: those tokens are theirs, not this one's to give back.
        double restore = n - Limit.tokensFromDuration(reservedAt, saturatedSub(lastEvent, timeToAct));
        if (restore <= 0.0) {
            return;
        }
        double now = advance(at) + restore;
        tokens = now > burst ? burst : now;
        last = at;
        if (timeToAct == lastEvent) {
            long prevEvent = saturatedAdd(timeToAct, Limit.durationFromTokens(reservedAt, -n));
            if (prevEvent >= at) {
                lastEvent = prevEvent;
            }
        }
    }

    /** Reads the clock under the lock for {@link Reservation#cancel()}. */
    void cancelNow(Reservation r) {
        lock.lock();
        try {
            r.cancelLocked(now());
        } finally {
            lock.unlock();
        }
    }

    /** For {@link Reservation#cancelAt(long)}. */
    void cancelAt(Reservation r, long atNanos) {
        lock.lock();
        try {
            r.cancelLocked(rel(atNanos));
        } finally {
            lock.unlock();
        }
    }

    /** A clock reading on this limiter's scale, for {@link Reservation#delayFrom(long)}. */
    long scale(long atNanos) {
        return rel(atNanos);
    }

    Clock clock() {
        return clock;
    }

    private void setLimitLocked(long t, Limit newLimit) {
        long at = Math.max(t, last);
        tokens = advance(at);
        last = at;
        limit = newLimit;
    }

    private void setBurstLocked(long t, int newBurst) {
        long at = Math.max(t, last);
        tokens = advance(at);
        last = at;
        burst = newBurst;
    }

    private static int checkBurst(int burst) {
        if (burst < 0) {
            throw new IllegalArgumentException("burst must be >= 0, was " + burst);
        }
        return burst;
    }

    private static void checkN(int n, String name) {
        if (n < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + n);
        }
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0L ? (a < 0L ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }

    static long saturatedSub(long a, long b) {
        long r = a - b;
        return ((a ^ b) & (a ^ r)) < 0L ? (a < 0L ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }
}

package dev.go4j.patterns.ratelimit;

import dev.go4j.time.Clock;
import java.time.Duration;

/**
 * Tokens a {@link Limiter} has set aside for events that may happen after a delay: Go's
 * {@code *rate.Reservation}, returned by {@link Limiter#reserve()} and {@link Limiter#reserveN}.
 *
 * <h2>Semantics (Go's)</h2>
 * <ul>
 *   <li>{@link #ok()} is false only when the limiter could never grant the request (more tokens than
 *       its burst, under a finite limit); such a reservation took nothing, its delay is
 *       {@link Limiter#INF_DURATION} and cancelling it does nothing.</li>
 *   <li>{@link #delay()} / {@link #delayFrom(long)} say how long to wait before acting: zero means act
 *       now. The limiter already counts the tokens as taken.</li>
 *   <li>{@link #cancel()} / {@link #cancelAt(long)} say the holder will not act, and give back as many
 *       tokens as they can: none once the time to act has passed (the tokens were earned and counted),
 *       and none of the tokens that later reservations have since counted on — only
 *       {@code tokens - limit * (lastReservationTime - thisReservationTime)}, capped at the burst. If
 *       this was the latest reservation, the limiter's queue end moves back to where it was before it.
 *       A reservation made under an infinite limit took nothing and gives nothing back.</li>
 *   <li>Cancelling takes effect once: the first {@code cancel} or {@code cancelAt} call settles it
 *       and later calls do nothing. (Go's {@code CancelAt} has no such guard: a second call gives the
 *       tokens back again, creating tokens from nothing.)</li>
 * </ul>
 *
 * <p>Thread safety: safe for use by any number of threads; {@code cancel} takes the limiter's lock, the
 * other methods read immutable fields. Memory consistency effects: as for {@link Limiter}: a cancel is
 * ordered with every other call on the limiter by its lock.
 *
 * <p>Bad input: none; every {@code long} is a reading of the limiter's clock.
 *
 * <p>Example — reserve, then either act after the delay or give the tokens back:
 * {@snippet class=dev.go4j.patterns.ratelimit.LimiterSnippets region=reserve}
 *
 * @implNote Immutable apart from a cancelled flag guarded by the limiter's lock. {@code delay} allocates
 * its {@link Duration}; {@code cancel} allocates nothing.
 * @since 0.1.0
 */
public final class Reservation {
    private final Limiter lim;
    private final boolean ok;
    private final int tokens;
    /** On the limiter's scale (see {@link Limiter}'s implementation overview). */
    private final long timeToAct;
    /** The limit when the reservation was made; it may have changed since. */
    private final double limit;
    /** Guarded by the limiter's lock. */
    private boolean cancelled;

    Reservation(Limiter lim, boolean ok, int tokens, long timeToAct, double limit) {
        this.lim = lim;
        this.ok = ok;
        this.tokens = tokens;
        this.timeToAct = timeToAct;
        this.limit = limit;
    }

    /**
     * Whether the limiter can grant the tokens. Go: {@code r.OK()}.
     *
     * @return false if more tokens were asked for than the burst (under a finite limit); nothing was
     *         taken then
     */
    public boolean ok() {
        return ok;
    }

    /**
     * How long to wait from now before acting. Go: {@code r.Delay()}.
     *
     * @return zero to act now; {@link Limiter#INF_DURATION} if not {@link #ok()} or if the tokens never
     *         come (a zero limit)
     */
    public Duration delay() {
        return delayFrom(lim.clock().nanoTime());
    }

    /**
     * How long to wait from {@code atNanos} before acting. Go: {@code r.DelayFrom(t)}.
     *
     * @param atNanos a reading of the limiter's clock's {@link Clock#nanoTime()}
     * @return zero to act at once; {@link Limiter#INF_DURATION} if not {@link #ok()}
     */
    public Duration delayFrom(long atNanos) {
        if (!ok) {
            return Limiter.INF_DURATION;
        }
        long delay = Limiter.saturatedSub(timeToAct, lim.scale(atNanos));
        return delay <= 0L ? Duration.ZERO : Duration.ofNanos(delay);
    }

    /**
     * Gives back the reservation's tokens now, as far as later reservations allow. Go:
     * {@code r.Cancel()}, with the clock read under the limiter's lock.
     */
    public void cancel() {
        if (ok) {
            lim.cancelNow(this);
        }
    }

    /**
     * Gives back the reservation's tokens at {@code atNanos}, as far as later reservations allow. Go:
     * {@code r.CancelAt(t)}. Does nothing if {@code atNanos} is after the time to act.
     *
     * @param atNanos a reading of the limiter's clock's {@link Clock#nanoTime()}
     */
    public void cancelAt(long atNanos) {
        if (ok) {
            lim.cancelAt(this, atNanos);
        }
    }

    /** Called with the limiter's lock held, {@code t} on its scale. */
    void cancelLocked(long t) {
        if (cancelled) {
            return;
        }
        cancelled = true;
        lim.cancelLocked(tokens, timeToAct, limit, t);
    }

    /**
     * Describes the reservation.
     *
     * @return for example {@code Reservation[ok, tokens=2, delay=PT0.2S]} or {@code Reservation[not ok]}
     */
    @Override
    public String toString() {
        return ok ? "Reservation[ok, tokens=" + tokens + ", delay=" + delay() + "]" : "Reservation[not ok]";
    }
}

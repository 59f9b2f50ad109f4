package dev.go4j.time;

import dev.go4j.internal.Durations;
import dev.go4j.Go;
import dev.go4j.chan.Channel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state machine shared by {@link Timer} and {@link Ticker}: Go's runtime {@code timer}, which is
 * one struct for both (a ticker is a timer with a period).
 */
abstract sealed class ClockTimer permits Timer, Ticker {
    /* Implementation overview
     *
     * armed: null     not armed: stopped, or a one-shot timer that has fired
     *        an Arm   armed; the Arm is the task waiting in the clock
     *        FIRING   a channel timer is delivering: an Arm won the CAS and is offering the time
     *
     *   fire(a):  CAS a -> FIRING, offer now() to the channel (dropped if full), then
     *             armed = next Arm (ticker) or null (timer); schedule the next Arm.
     *             func timer: CAS a -> null, start fn in a goroutine.
     *   stop():   CAS current Arm -> null (true: the call stopped it), or, if not armed, drain a value
     *             that was delivered but not received (true too: Go 1.23 - the program never saw it).
     *   reset(d): CAS current -> new Arm, drain, then schedule the new Arm; returns what stop would.
     *
     * stop and reset run one at a time, under the timer's lock, from their CAS to their drain and
     * scheduling (Go 1.23 holds t.mu across Stop and Reset). Without it, a stop could CAS a reset's
     * new Arm away after the reset's CAS but before its drain: the stop then drains the value the
     * reset should have discarded (or the other way round), and "stop = true, reset = false, no value
     * ever delivered" becomes possible, which no sequential order allows. A fire never takes the lock
     * (it runs on the clock's thread, which must not block): it only CASes an Arm it owns.
     *
     * Exactly one of fire and stop wins an Arm, by the CAS. FIRING exists so that stop and reset
     * never run between a fire's CAS and its offer: otherwise a value from before the stop could land
     * in the channel after stop had drained it (Go 1.23 guarantees it cannot; Go takes t.sendLock
     * for this). The window is one non-blocking offer, so stop waits it out by spinning.
     *
     * An Arm whose CAS is lost (stopped, or replaced by reset) is dead: the stopper cancels its task
     * in the clock so it holds nothing. The handle is published after scheduling; stopper and
     * scheduler each write their side (dead / handle) before reading the other's, so one of them
     * always cancels the task (Dekker).
     *
     * The channel has one slot, as in Go (1.23 hides it and reports cap 0): a timer never fills it
     * twice, a ticker drops a tick while the slot is full. A tick() ticker holds its channel weakly,
     * and stops itself once the channel is garbage (Go 1.23's collectable tickers).
     */

    /** Starts a func timer's function in its own goroutine, as Go's AfterFunc does. */
    static final Executor GOROUTINE = fn -> Go.go(fn::run);

    private static final Object FIRING = new Object();
    private static final VarHandle ARMED;

    static {
        try {
            ARMED = MethodHandles.lookup().findVarHandle(ClockTimer.class, "armed", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Clock clock;
    /** The channel, a WeakReference to it (tick), or null (func timer). */
    private final Object sink;
    /** The function of a func timer, else null. */
    private final Runnable fn;
    /** Starts {@link #fn}: a new goroutine, or the caller's thread in stress tests. */
    private final Executor runner;
    private volatile Object armed;
    /**
     * Serializes {@code stop} and {@code reset}: each runs its CAS, its drain and its scheduling as
     * one critical section. Never held by a fire.
     */
    private final ReentrantLock lock = new ReentrantLock();

    ClockTimer(Clock clock, Object sink, Runnable fn, Executor runner) {
        this.clock = clock;
        this.sink = sink;
        this.fn = fn;
        this.runner = runner;
    }

    /** One arming: the task waiting in the clock. Dead once it is no longer {@link #armed}. */
    final class Arm implements Runnable {
        /** Deadline on the clock's monotonic time (tickers only: the next tick counts from it). */
        final long when;
        /** Period in nanoseconds, 0 for a one-shot timer. */
        final long period;
        private volatile Clock.Scheduled handle;
        private volatile boolean dead;

        Arm(long when, long period) {
            this.when = when;
            this.period = period;
        }

        @Override
        public void run() {
            fire(this);
        }

        void kill() {
            dead = true;
            Clock.Scheduled h = handle;
            if (h != null) {
                h.cancel();
            }
        }

        void schedule(long delayNanos) {
            Clock.Scheduled h = clock instanceof SystemClock
                    ? TimerQueue.instance().schedule(delayNanos, this) // no Duration on the hot path
                    : clock.schedule(Duration.ofNanos(delayNanos), this);
            handle = h;
            if (dead) {
                h.cancel();
            }
        }
    }

    @SuppressWarnings("unchecked")
    final Channel<Instant> channel() {
        Object s = sink;
        return s instanceof WeakReference<?> w ? (Channel<Instant>) w.get() : (Channel<Instant>) s;
    }

    /** Arms with a new deadline {@code delayNanos} from now; returns Go's "was pending". */
    final boolean arm(long delayNanos, long periodNanos) {
        long when = periodNanos > 0L ? Durations.saturatedAdd(clock.nanoTime(), delayNanos) : 0L;
        Arm a = new Arm(when, periodNanos);
        lock.lock(); // one stop or reset at a time, from the CAS to the drain (Go: t.mu)
        try {
            for (;;) {
                Object cur = armed;
                if (cur == FIRING) {
                    awaitFired();
                    continue;
                }
                if (ARMED.compareAndSet(this, cur, a)) { // fails only if a fire took cur meanwhile
                    if (cur != null) {
                        ((Arm) cur).kill();
                    }
                    // Drain before the new Arm is scheduled, so its own value cannot be drained.
                    boolean stale = drain();
                    a.schedule(delayNanos);
                    return cur != null || stale;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Disarms; returns Go's "the call stopped the timer" (1.23: including an unreceived value). */
    final boolean disarm() {
        lock.lock();
        try {
            for (;;) {
                Object cur = armed;
                if (cur == FIRING) {
                    awaitFired();
                    continue;
                }
                if (cur == null) {
                    return drain();
                }
                if (ARMED.compareAndSet(this, cur, null)) { // fails only if a fire took cur meanwhile
                    ((Arm) cur).kill();
                    drain(); // a ticker's last tick
                    return true;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    final boolean isArmed() {
        return armed != null;
    }

    private void fire(Arm a) {
        if (fn != null) {
            if (ARMED.compareAndSet(this, a, null)) {
                runner.execute(fn);
            }
            return;
        }
        if (!ARMED.compareAndSet(this, a, FIRING)) {
            return; // stopped or reset after this task was taken to run: a dead Arm
        }
        Arm next = null;
        try {
            Channel<Instant> c = channel();
            if (c != null) {
                c.trySend(clock.now()); // a full slot drops the tick, as Go's sendTime does
                if (a.period > 0L) {
                    next = new Arm(nextTick(a), a.period);
                }
            } // else: a tick() channel nobody references any more; stop for good
        } finally {
            armed = next;
        }
        if (next != null) {
            next.schedule(next.when - clock.nanoTime());
        }
    }

    /** The next tick after {@code a}, skipping the ticks already missed (Go: when += period * (1 + late/period)). */
    private long nextTick(Arm a) {
        long late = clock.nanoTime() - a.when;
        long periods = late >= a.period ? late / a.period + 1 : 1L;
        long step = periods > Long.MAX_VALUE / a.period ? Long.MAX_VALUE : periods * a.period;
        return Durations.saturatedAdd(a.when, step);
    }

    private boolean drain() {
        Channel<Instant> c = fn == null ? channel() : null;
        return c != null && c.tryReceive() != null;
    }

    /** Waits out a delivery in progress: one non-blocking offer on another thread. */
    private void awaitFired() {
        for (int i = 0; armed == FIRING; i++) {
            if (i < 64) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }
}

package dev.go4j.context;

import dev.go4j.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** {@link Context#withDeadline} and {@link Context#withTimeout}: Go's {@code timerCtx}. */
final class TimerCtx extends CancelCtx {
    final Instant deadline;
    private final Clock clock;
    /** The cause reported when the deadline passes (WithDeadlineCause), or null. */
    private final Throwable cause;
    /** The deadline's task in the clock; released on any cancellation. */
    private volatile Clock.Scheduled timer;

    private TimerCtx(Context parent, Instant deadline, Throwable cause, Clock clock) {
        super(parent);
        this.deadline = deadline;
        this.cause = cause;
        this.clock = clock;
    }

    /**
     * Go's WithDeadlineCause. Exactly one of {@code deadline} and {@code timeout} is given; a timeout
     * is measured from now on {@code clock}.
     */
    static CancelCtx derive(Context parent, Instant deadline, Duration timeout, Throwable cause, Clock clock) {
        Instant now = clock.now();
        if (deadline == null) {
            deadline = plus(now, timeout);
        }
        Instant parentDeadline = Contexts.deadlineOf(parent);
        if (parentDeadline != null && parentDeadline.isBefore(deadline)) {
            return CancelCtx.derive(parent); // the parent's deadline comes first: it is this one's too
        }
        TimerCtx c = new TimerCtx(parent, deadline, cause, clock);
        c.attach();
        Duration remaining = timeout != null ? timeout : Duration.between(now, deadline);
        if (remaining.isNegative() || remaining.isZero()) {
            c.cancel(true, c.expired(), true); // deadline already passed
        } else if (c.errNow() == null) {
            Clock.Scheduled t = clock.schedule(remaining, c::expire);
            c.timer = t;
            if (c.errNow() != null) {
                t.cancel(); // cancelled while arming: release() may have missed the timer
            }
        }
        return c;
    }

    private static Instant plus(Instant now, Duration timeout) {
        try {
            return now.plus(timeout);
        } catch (DateTimeException | ArithmeticException beyondTime) {
            return timeout.isNegative() ? Instant.MIN : Instant.MAX;
        }
    }

    private ContextException expired() {
        return cause == null ? DeadlineExceededException.DEADLINE_EXCEEDED : new DeadlineExceededException(cause, true);
    }

    private void expire() {
        if (errNow() == null) {
            cancel(true, expired(), false); // on the timer thread: never wait for a winning cancel
        }
    }

    @Override
    void release() {
        Clock.Scheduled t = timer; // read after the CAS on err: Dekker with the arming in derive
        if (t != null) {
            t.cancel();
        }
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.of(deadline);
    }

    @Override
    public String toString() {
        return parent + ".WithDeadline(" + deadline + " [" + Duration.between(clock.now(), deadline) + "])";
    }
}

package dev.go4j.time;

import dev.go4j.internal.Durations;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A clock that moves only when a test tells it to: {@link #advance(Duration)} moves wall and
 * monotonic time forward together and runs every timer that falls due, in deadline order, before it
 * returns. Tests of timers, tickers, deadlines, rate limiters, caches and retries take one instead of
 * sleeping: the outcome at each instant is exact. Go: the fake clocks of
 * {@code k8s.io/utils/clock/testing} and {@code github.com/benbjohnson/clock}.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>Time starts at the given instant (by default {@code 2009-11-10T23:00:00Z}, the Go playground's
 *       "now") with {@link #nanoTime()} at 0, and never moves by itself.</li>
 *   <li>{@link #advance(Duration)} runs each due task on the calling thread with the clock set to that
 *       task's deadline, so a ticker re-arming itself ticks at exact multiples of its period and a
 *       task that reads the clock sees its own deadline. Tasks that a running task schedules within
 *       the advanced span run in the same call. Then the clock is left at the target time.</li>
 *   <li>A task scheduled with a zero or negative delay runs at once, inside {@link #schedule}: a
 *       timer of zero has fired when {@code newTimer} returns.</li>
 *   <li>What a task starts elsewhere — the function of {@link #afterFunc}, which runs in its own
 *       goroutine as in Go — has been started, not necessarily finished, when {@code advance}
 *       returns; a blocked {@link #sleep} has been woken.</li>
 *   <li>To advance only once another thread is waiting on the clock, call
 *       {@link #awaitPendingTimers(int, Duration)}, then advance. {@link #advanceToNextTimer()} moves
 *       straight to the earliest pending deadline and {@link #nextTimerDue()} tells when that is: the
 *       shape of Go's {@code testing/synctest} fake clock, which jumps to the next timer once every
 *       goroutine is blocked.</li>
 * </ul>
 *
 * <p>Thread safety: every method may be called from any thread. Calls to {@code advance} are
 * serialized, so due tasks always run in deadline order. Memory consistency effects: actions before
 * {@code advance} happen-before the tasks it runs, and the tasks happen-before {@code advance}
 * returns.
 *
 * <p>Bad input: a null argument throws {@link NullPointerException}; advancing by a negative duration
 * throws {@link IllegalArgumentException} (a monotonic clock never goes back). A task that throws
 * propagates out of {@code advance}, with the clock left at that task's deadline.
 *
 * <p>Example:
 * {@snippet class=dev.go4j.time.TimeSnippets region=manual}
 *
 * @implNote One lock guards a binary heap of deadlines; tasks run outside it, so a task may use the
 * clock. Cancelling a task removes it from the heap in O(log n).
 * @since 0.1.0
 */
public final class ManualClock implements Clock, ScheduledTask.Owner {
    /** The Go playground's "now": 2009-11-10 23:00:00 UTC. */
    private static final Instant GO_PLAYGROUND_EPOCH = Instant.parse("2009-11-10T23:00:00Z");

    private final Instant origin;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a task joins the heap: {@link #awaitPendingTimers} waits on it. */
    private final Condition scheduled = lock.newCondition();
    private final ReentrantLock advancing = new ReentrantLock();
    private final TimerHeap heap = new TimerHeap();
    private long seq;
    /** Monotonic nanoseconds since {@link #origin}; written under the lock, read without it. */
    private volatile long nanos;

    /** Creates a clock at {@code 2009-11-10T23:00:00Z}, the Go playground's time. */
    public ManualClock() {
        this(GO_PLAYGROUND_EPOCH);
    }

    /**
     * Creates a clock at the given instant.
     *
     * @param start the initial wall time
     * @throws NullPointerException if {@code start} is null
     */
    public ManualClock(Instant start) {
        this.origin = Objects.requireNonNull(start, "start");
    }

    /**
     * The clock's wall time: the start instant plus all the time advanced.
     *
     * @return the current instant of this clock
     */
    @Override
    public Instant now() {
        return at(nanos);
    }

    /** The wall time at monotonic reading {@code n}, saturating at {@link Instant#MAX}. */
    private Instant at(long n) {
        try {
            return origin.plusNanos(n);
        } catch (DateTimeException beyondTime) { // a clock started near Instant.MAX and advanced past it
            return Instant.MAX;
        }
    }

    /**
     * The clock's monotonic time: the nanoseconds advanced since it was made.
     *
     * @return nanoseconds since creation, starting at 0
     */
    @Override
    public long nanoTime() {
        return nanos;
    }

    /**
     * Schedules {@code task} for {@code delay} from the clock's current time; it runs in the
     * {@link #advance} that reaches its deadline, or at once, in this call, if {@code delay} is not
     * positive.
     *
     * @param delay how long to wait
     * @param task the task, not null
     * @return a handle that cancels the task
     * @throws NullPointerException if an argument is null
     */
    @Override
    public Scheduled schedule(Duration delay, Runnable task) {
        long d = Durations.toNanos(delay, "delay");
        Objects.requireNonNull(task, "task");
        if (d <= 0L) {
            ScheduledTask t = new ScheduledTask(this, task, nanos, 0L);
            task.run(); // due now; never in the heap, so cancel() returns false
            return t;
        }
        lock.lock();
        try {
            ScheduledTask t = new ScheduledTask(this, task, Durations.saturatedAdd(nanos, d), seq++);
            heap.add(t);
            scheduled.signalAll();
            return t;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean cancel(ScheduledTask t) {
        lock.lock();
        try {
            if (t.index < 0) {
                return false;
            }
            heap.remove(t);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves the clock forward by {@code d}, running every task that falls due on the way, in deadline
     * order, each with the clock at its deadline.
     *
     * @param d how far to move; zero runs only what is already due
     * @throws NullPointerException if {@code d} is null
     * @throws IllegalArgumentException if {@code d} is negative (a monotonic clock never goes back)
     */
    public void advance(Duration d) {
        long step = Durations.toNanos(d, "d");
        if (step < 0L) {
            throw new IllegalArgumentException("d must not be negative (a monotonic clock never goes back), was " + d);
        }
        advancing.lock();
        try {
            runUntil(Durations.saturatedAdd(nanos, step));
        } finally {
            advancing.unlock();
        }
    }

    /**
     * Moves the clock to the deadline of the earliest pending timer and runs every task due then, as
     * {@link #advance} would; does nothing if no timer is pending. A test of a wait calls it instead
     * of computing how far to advance: "let the next thing that is waiting for time happen".
     *
     * @return true if a timer was pending (the clock moved to its deadline, or stayed if it was due
     *         already, and it ran); false if none was, and the clock did not move
     */
    public boolean advanceToNextTimer() {
        advancing.lock();
        try {
            long target;
            lock.lock();
            try {
                ScheduledTask head = heap.peek();
                if (head == null) {
                    return false;
                }
                target = head.when - nanos > 0L ? head.when : nanos;
            } finally {
                lock.unlock();
            }
            runUntil(target);
            return true;
        } finally {
            advancing.unlock();
        }
    }

    /**
     * When the earliest pending timer is due, in the clock's wall time. Go's
     * {@code testing/synctest} fake clock jumps to this instant once every goroutine is blocked.
     *
     * @return the deadline of the earliest task that has neither run nor been cancelled, or empty if
     *         none is pending
     */
    public Optional<Instant> nextTimerDue() {
        lock.lock();
        try {
            ScheduledTask head = heap.peek();
            return head == null ? Optional.empty() : Optional.of(at(head.when));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks, in real time, until at least {@code count} timers are pending, or {@code timeout} passes:
     * "wait until the code under test is waiting on the clock", without polling
     * {@link #pendingTimers()}. Typically followed by {@link #advance} or {@link #advanceToNextTimer()}.
     *
     * @param count the number of pending timers to wait for
     * @param timeout how long to wait at most, in real time
     * @return true if {@code count} timers were pending, false if the timeout passed first
     * @throws InterruptedException if interrupted while waiting
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean awaitPendingTimers(int count, Duration timeout) throws InterruptedException {
        long remaining = Durations.toNanos(timeout, "timeout");
        lock.lockInterruptibly();
        try {
            while (heap.size() < count) {
                if (remaining <= 0L) {
                    return false;
                }
                remaining = scheduled.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Runs every task due up to {@code target}, in deadline order, then leaves the clock there. Holds {@link #advancing}. */
    private void runUntil(long target) {
        for (;;) {
            ScheduledTask due;
            lock.lock();
            try {
                due = heap.peek();
                if (due == null || due.when - target > 0L) {
                    if (target - nanos > 0L) {
                        nanos = target;
                    }
                    return;
                }
                heap.remove(due);
                if (due.when - nanos > 0L) {
                    nanos = due.when;
                }
            } finally {
                lock.unlock();
            }
            due.task.run();
        }
    }

    /**
     * The number of tasks waiting for a deadline: armed timers and tickers, pending context deadlines,
     * blocked {@link #sleep} calls. A stopped timer is not counted. Tests wait for this to reach a
     * value before advancing ("the worker is now sleeping").
     *
     * @return the number of scheduled tasks that have neither run nor been cancelled
     */
    public int pendingTimers() {
        lock.lock();
        try {
            return heap.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Shows the clock's time and its pending timers.
     *
     * @return for example {@code ManualClock[2009-11-10T23:00:01Z, 2 pending]}
     */
    @Override
    public String toString() {
        return "ManualClock[" + now() + ", " + pendingTimers() + " pending]";
    }
}

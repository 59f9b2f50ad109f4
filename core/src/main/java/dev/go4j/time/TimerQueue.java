package dev.go4j.time;

import dev.go4j.internal.Durations;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The system clock's one scheduling facility: a heap of deadlines and a single daemon thread that
 * runs each task when its deadline passes. Every {@link Timer}, {@link Ticker} and context deadline
 * on {@link Clock#system()} lives here; there is never a thread per timer.
 */
final class TimerQueue implements ScheduledTask.Owner {
    /* Implementation overview
     *
     * One ReentrantLock guards the heap, the sequence counter and the sleep state. The thread:
     *
     *   loop: lock; head due? pop it : record how it will sleep (idle, or until head.when); unlock
     *         popped? run it (outside the lock) : park (forever, or until head.when)
     *
     * schedule() unparks the thread only if the new task is the new head and is due before the
     * moment the thread sleeps until. That is Go's rule (runtime.wakeNetPoller) and the reason this
     * is not a ScheduledThreadPoolExecutor: the common pattern "arm a timeout, finish early, cancel
     * it" (every context.WithTimeout) leaves the heap empty between requests, and an STPE signals its
     * worker on every schedule that lands on an empty queue — a futex wake and two context switches
     * per request. Here the thread keeps sleeping until the deadline of the task that was cancelled,
     * wakes once, finds the later head, and sleeps again: the steady state schedules and cancels
     * with no wake-up at all.
     *
     * A lost wake-up is impossible: the thread decides how to sleep under the lock, and any schedule
     * after that sees the decision and unparks if it needs an earlier wake; an unpark that lands
     * before the park leaves a permit that makes the park return at once.
     *
     * Cancellation removes the task from the heap (O(log n)), so a stopped timer holds nothing.
     * Tasks run on this thread and must not block: Timer and Ticker only offer to a channel, context
     * deadlines only cancel, AfterFunc hands the user's function to a new virtual thread.
     */

    /** Deadlines are capped at about 146 years so that differences of deadlines never overflow. */
    static final long MAX_DELAY = Durations.MAX_TIMEOUT;

    private static final TimerQueue INSTANCE = new TimerQueue();

    private final ReentrantLock lock = new ReentrantLock();
    private final TimerHeap heap = new TimerHeap();
    private long seq;
    private Thread thread;
    /** Whether the thread parks with no deadline (the heap was empty when it last looked). */
    private boolean idle = true;
    /** The deadline the thread parks until, when not idle. */
    private long sleepUntil;

    /** Set by {@link #close()}: the thread exits. Only the tests' own queues are ever closed. */
    private volatile boolean closed;

    /** Makes a queue; its thread starts with the first task. Package-private for tests: use {@link #instance()}. */
    TimerQueue() {}

    static TimerQueue instance() {
        return INSTANCE;
    }

    /**
     * Runs {@code task} on the timer thread {@code delayNanos} from now; at once if not positive
     * (Go fires a timer with a negative delay at once, however negative: clamped at 0, so that
     * {@code now + delay} cannot overflow into the far future).
     */
    ScheduledTask schedule(long delayNanos, Runnable task) {
        long when = System.nanoTime() + Math.clamp(delayNanos, 0L, MAX_DELAY);
        Thread wake = null;
        ScheduledTask t;
        lock.lock();
        try {
            t = new ScheduledTask(this, task, when, seq++);
            heap.add(t);
            if (thread == null) {
                thread = start();
            } else if (heap.peek() == t && (idle || when - sleepUntil < 0L)) {
                idle = false;
                sleepUntil = when; // later schedules before the thread looks need no second unpark
                wake = thread;
            }
        } finally {
            lock.unlock();
        }
        if (wake != null) {
            LockSupport.unpark(wake);
        }
        return t;
    }

    @Override
    public boolean cancel(ScheduledTask t) {
        lock.lock();
        try {
            if (t.index < 0) {
                return false; // already popped to run, or cancelled before
            }
            heap.remove(t);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The number of tasks waiting (for tests: a stopped timer must leave none behind). */
    int size() {
        lock.lock();
        try {
            return heap.size();
        } finally {
            lock.unlock();
        }
    }

    private Thread start() {
        Thread t = Thread.ofPlatform().daemon().name("go4j-timer").unstarted(this::loop);
        t.start();
        return t;
    }

    /** Stops the thread of a queue made by a test; pending tasks never run. */
    void close() {
        Thread t;
        lock.lock();
        try {
            closed = true;
            t = thread;
        } finally {
            lock.unlock();
        }
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** The timer thread, for tests; null until the first task. */
    Thread thread() {
        lock.lock();
        try {
            return thread;
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (!closed) {
            Runnable due = takeDueOrPlanSleep();
            if (due != null) {
                run(due);
                continue;
            }
            // No task is referenced from this frame while it parks: a task cancelled meanwhile is
            // garbage at once, even if the thread sleeps until its deadline.
            parkAsPlanned();
            Thread.interrupted(); // nobody should interrupt this thread; if someone did, carry on
        }
    }

    /**
     * Under the lock: removes and returns the head's task if it is due; otherwise records how the
     * thread will sleep (idle, or until the head's deadline) and returns null.
     */
    private Runnable takeDueOrPlanSleep() {
        lock.lock();
        try {
            ScheduledTask head = heap.peek();
            if (head == null) {
                idle = true;
                return null;
            }
            if (head.when - System.nanoTime() <= 0L) {
                heap.remove(head);
                return head.task;
            }
            idle = false;
            sleepUntil = head.when;
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Parks as {@link #takeDueOrPlanSleep()} decided; a schedule that needs an earlier wake unparks. */
    private void parkAsPlanned() {
        boolean forever;
        long until;
        lock.lock();
        try {
            forever = idle;
            until = sleepUntil;
        } finally {
            lock.unlock();
        }
        if (forever) {
            LockSupport.park(this);
        } else {
            long nanos = until - System.nanoTime();
            if (nanos > 0L) {
                LockSupport.parkNanos(this, nanos);
            }
        }
    }

    /** Runs a task; a failure goes to the uncaught-exception handler and the thread carries on. */
    static void run(Runnable task) {
        try {
            task.run();
        } catch (Throwable failure) {
            Thread self = Thread.currentThread();
            try {
                self.getUncaughtExceptionHandler().uncaughtException(self, failure);
            } catch (Throwable ignored) {
                // a failing handler must not kill the timer thread
            }
        }
    }
}

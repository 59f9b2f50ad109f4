package dev.go4j.sync;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Test;

/**
 * Model checking of {@link WaitGroup} with Lincheck: every interleaving of a timed wait that gives up
 * (and then starts a new task, as a launcher that timed out would) against the {@code done()} that
 * brings the counter to zero. The outcome must be one of the two sequential orders: the wait gave
 * up first (false, and the new task is counted: counter 1) or the zero came first (true, counter 0).
 *
 * <p>{@link BrokenLeave} is the counter-example kept beside the test: a waiter that gives up checks
 * the counter and uncounts itself in two steps, so a {@code done()} reaching zero in between becomes
 * the releaser of a waiter that has left, and its reset of the state word wipes out the new task's
 * {@code add}. Lincheck finds that interleaving.
 */
class WaitGroupLincheckTest {
    private static final int INVOCATIONS = 1_000;
    private static final String LOST_ADD = "no sequential order explains the outcome";

    /** The group operations the scenario needs, so the real class and the broken one run the same test. */
    interface Group {
        void add(int delta);

        /** A timed wait whose deadline passes as it joins: it counts itself in, then gives up. */
        boolean awaitExpired() throws InterruptedException;

        int counter();
    }

    /**
     * Where the threads find the group: a shared field. The model checker does not see an object as
     * shared when it only travels in a lambda's captured variables, and would not interleave on it.
     */
    private static volatile Group current;

    /** One round: counter 1; a waiter gives up at once and then adds a task; a task calls done(). */
    private static void timedWaitVsDoneAndAdd(Group group) {
        current = group;
        Group wg = group;
        wg.add(1);
        boolean[] zero = new boolean[1];
        Thread waiter = new Thread(() -> {
            try {
                zero[0] = current.awaitExpired(); // joins the waiters, then gives up
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (!zero[0]) {
                current.add(1); // the launcher timed out while a task was running: start another
            }
        });
        Thread task = new Thread(() -> current.add(-1));
        waiter.start();
        task.start();
        try {
            waiter.join();
            task.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        int expected = zero[0] ? 0 : 1; // gave up first: the new task counts; released: nothing left
        if (wg.counter() != expected) {
            throw new AssertionError(LOST_ADD + ": wait returned " + zero[0] + ", counter " + wg.counter());
        }
    }

    @Test
    void timedWaitGivingUpAgainstDoneAndAddIsLinearizable() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> timedWaitVsDoneAndAdd(real()));
    }

    @Test
    void brokenLeaveIsCaught() {
        assertThatThrownBy(() -> Lincheck.runConcurrentTest(INVOCATIONS, () -> timedWaitVsDoneAndAdd(new BrokenLeave())))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(LOST_ADD);
    }

    private static Group real() {
        WaitGroup wg = new WaitGroup();
        return new Group() {
            @Override
            public void add(int delta) {
                wg.add(delta);
            }

            @Override
            public boolean awaitExpired() throws InterruptedException {
                // await(Duration) with a deadline that has passed: under Lincheck nanoTime stands still
                return wg.counter() == 0 || wg.awaitSlow(true, System.nanoTime() - 1L, null);
            }

            @Override
            public int counter() {
                return wg.counter();
            }
        };
    }

    /**
     * WaitGroup's algorithm with the defect it once had: {@code leave} checks {@code counter != 0}
     * under the lock, then decrements the waiter count in a separate step that add() does not wait for.
     */
    static final class BrokenLeave implements Group {
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(BrokenLeave.class, "state", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private volatile long state;
        private final ReentrantLock lock = new ReentrantLock();
        private final WaitList<Waiter> waiters = new WaitList<>();

        @Override
        public void add(int delta) {
            long s;
            long next;
            do {
                s = state;
                int counter = (int) (s >>> 32);
                if ((long) counter + delta < 0) {
                    throw new IllegalStateException("sync: negative WaitGroup counter");
                }
                if (counter == 0 && (int) s != 0) {
                    throw new IllegalStateException("sync: WaitGroup misuse: Add called concurrently with Wait");
                }
                next = s + ((long) delta << 32);
            } while (!STATE.compareAndSet(this, s, next));
            if ((next >>> 32) == 0 && (int) next != 0) {
                Waiter first;
                lock.lock();
                try {
                    first = waiters.detachAll();
                    state = 0L;
                } finally {
                    lock.unlock();
                }
                for (Waiter w = first; w != null; w = w.next) {
                    w.release();
                }
            }
        }

        @Override
        public boolean awaitExpired() {
            if ((state >>> 32) == 0) {
                return true;
            }
            Waiter node = new Waiter();
            lock.lock();
            try {
                long s;
                do {
                    s = state;
                    if ((s >>> 32) == 0) {
                        return true;
                    }
                } while (!STATE.compareAndSet(this, s, s + 1));
                waiters.add(node);
            } finally {
                lock.unlock();
            }
            if (node.await(true, System.nanoTime() - 1L) == Waiter.RELEASED) {
                return true;
            }
            lock.lock();
            try {
                if (node.linked && (state >>> 32) != 0) { // the check ...
                    waiters.remove(node);
                    STATE.getAndAdd(this, -1L); // ... and, separately, the decrement
                    return false;
                }
                return true;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int counter() {
            return (int) (state >>> 32);
        }
    }
}

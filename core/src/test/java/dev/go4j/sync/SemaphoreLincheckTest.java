package dev.go4j.sync;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Test;

/**
 * Model checking of {@link Semaphore} with Lincheck: a blocked acquire that is cancelled (interrupted)
 * while another thread releases the unit it waits for. Whatever the interleaving, the outcome must be
 * a sequential one: the acquire got the unit (it is held) or it threw (the unit is free) — a
 * cancelled acquire never keeps nor loses units, and never stays parked. The context-bounded acquire
 * gives up through the same code ({@code giveUp}); its wake-up runs in a goroutine of the context,
 * which the model checker does not schedule, so the interrupt stands for it here.
 *
 * <p>{@link BrokenGiveUp} is the counter-example kept beside the test: a waiter that is interrupted
 * throws without looking whether a release granted it the unit in the meantime, so that unit is
 * lost. Lincheck finds that interleaving.
 */
class SemaphoreLincheckTest {
    private static final int INVOCATIONS = 1_000;
    private static final String LOST_UNIT = "no sequential order explains the outcome";

    /** The semaphore operations the scenario needs, so the real class and the broken one run the same test. */
    interface Units {
        boolean tryAcquire();

        void acquire() throws InterruptedException;

        void release();

        long held();
    }

    /**
     * Where the threads find the semaphore: a shared field. The model checker does not see an object as
     * shared when it only travels in a lambda's captured variables, and would not interleave on it.
     */
    private static volatile Units current;

    /** One round: the only unit is held; an acquire waits for it, is cancelled, and the unit is released. */
    private static void acquireVsCancelAndRelease(Units sem) {
        current = sem;
        if (!sem.tryAcquire()) {
            throw new AssertionError("a new semaphore of one unit refused it");
        }
        boolean[] got = new boolean[1];
        Thread waiter = new Thread(() -> {
            try {
                current.acquire();
                got[0] = true;
            } catch (InterruptedException e) {
                got[0] = false;
            }
        });
        Thread canceller = new Thread(waiter::interrupt);
        Thread releaser = new Thread(() -> current.release());
        waiter.start();
        canceller.start();
        releaser.start();
        try {
            waiter.join();
            canceller.join();
            releaser.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        long expected = got[0] ? 1L : 0L; // acquired: it holds the unit; gave up: the unit is free
        if (sem.held() != expected) {
            throw new AssertionError(LOST_UNIT + ": acquired " + got[0] + ", held " + sem.held());
        }
    }

    @Test
    void cancelledAcquireRacingAReleaseIsLinearizable() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> acquireVsCancelAndRelease(real()));
    }

    @Test
    void brokenGiveUpIsCaught() {
        assertThatThrownBy(() -> Lincheck.runConcurrentTest(INVOCATIONS, () -> acquireVsCancelAndRelease(new BrokenGiveUp())))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(LOST_UNIT);
    }

    private static Units real() {
        Semaphore s = new Semaphore(1);
        return new Units() {
            @Override
            public boolean tryAcquire() {
                return s.tryAcquire();
            }

            @Override
            public void acquire() throws InterruptedException {
                s.acquire();
            }

            @Override
            public void release() {
                s.release();
            }

            @Override
            public long held() {
                return s.held();
            }
        };
    }

    /**
     * A one-unit semaphore with Semaphore's queue and hand-off, and the defect the real one guards
     * against: a waiter that is interrupted leaves without checking, under the lock, whether a release
     * granted it the unit meanwhile — that unit is then held by nobody.
     */
    static final class BrokenGiveUp implements Units {
        private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        private long cur;
        private Waiter queued; // at most one waiter in this scenario
        private volatile boolean granted;

        @Override
        public boolean tryAcquire() {
            lock.lock();
            try {
                if (cur == 0 && queued == null) {
                    cur = 1;
                    return true;
                }
                return false;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void acquire() throws InterruptedException {
            lock.lock();
            try {
                if (cur == 0) {
                    cur = 1;
                    return;
                }
                queued = new Waiter();
            } finally {
                lock.unlock();
            }
            while (!granted) {
                if (Thread.interrupted()) {
                    lock.lock();
                    try {
                        queued = null; // the defect: a grant that just happened is neither kept nor given back
                    } finally {
                        lock.unlock();
                    }
                    throw new InterruptedException();
                }
                java.util.concurrent.locks.LockSupport.park(this);
            }
        }

        @Override
        public void release() {
            lock.lock();
            try {
                cur--;
                if (queued != null) {
                    cur++;
                    Thread t = queued.thread;
                    queued = null;
                    granted = true;
                    java.util.concurrent.locks.LockSupport.unpark(t);
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public long held() {
            lock.lock();
            try {
                return cur;
            } finally {
                lock.unlock();
            }
        }
    }
}

package dev.go4j.sync;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Test;

/**
 * Model checking of {@link Once} with Lincheck: two threads call {@code run} at once. Go's rule, in
 * every interleaving: the function runs exactly once, and neither call returns before it has
 * finished (each caller sees its effect).
 *
 * <p>{@link BrokenOnce} is the counter-example kept beside the test: a "started" flag checked and set
 * in two steps, so both callers may run the function, and the second caller may return while the
 * first is still inside it. Lincheck finds both interleavings.
 */
class OnceLincheckTest {
    private static final int INVOCATIONS = 1_000;
    private static final String NOT_ONCE = "not exactly once, or a call returned before the function finished";

    /** The operation the scenario needs, so the real class and the broken one run the same test. */
    interface OnceLike {
        void run(Runnable f);
    }

    /**
     * Where the callers find the once: a shared field. The model checker does not see an object as
     * shared when it only travels in a lambda's captured variables, and would not interleave on it.
     */
    private static volatile OnceLike current;

    private static void twoCallers(OnceLike o) {
        current = o;
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        int[] seen = new int[2];
        Thread a = new Thread(() -> {
            current.run(calls::incrementAndGet);
            seen[0] = calls.get();
        });
        Thread b = new Thread(() -> {
            current.run(calls::incrementAndGet);
            seen[1] = calls.get();
        });
        a.start();
        b.start();
        try {
            a.join();
            b.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        if (calls.get() != 1 || seen[0] != 1 || seen[1] != 1) {
            throw new AssertionError(NOT_ONCE + ": calls " + calls.get() + ", seen " + seen[0] + " and " + seen[1]);
        }
    }

    @Test
    void concurrentCallersRunTheFunctionOnceAndWaitForIt() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            Once once = new Once();
            twoCallers(f -> once.run(f::run));
        });
    }

    @Test
    void brokenOnceIsCaught() {
        assertThatThrownBy(() -> Lincheck.runConcurrentTest(INVOCATIONS, () -> twoCallers(new BrokenOnce())))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(NOT_ONCE);
    }

    /** Check-then-act on a volatile flag: the defect {@link Once} avoids with one CAS and a wait. */
    static final class BrokenOnce implements OnceLike {
        private volatile boolean started;

        @Override
        public void run(Runnable f) {
            if (started) {
                return; // may return while the first caller is still running f
            }
            started = true; // a second caller may have passed the check too: f runs twice
            f.run();
        }
    }
}

package dev.go4j.singleflight;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Test;

/**
 * Model checking of {@link SingleFlight} with Lincheck: two threads call {@code doCall} for one key.
 * Go's rule, in every interleaving: either they shared one flight (the same value, the function ran
 * once, both told {@code shared}) or the flights followed each other (two values, two runs, neither
 * shared) — never a value handed to two callers with one of them told it was not shared.
 *
 * <p>{@link BrokenShared} is the counter-example kept beside the test: the leader reads the joiner
 * count before it takes its flight out of the map, so a caller that joins in between gets the
 * leader's value while the leader reports it unshared. Lincheck finds that interleaving.
 */
class SingleFlightLincheckTest {
    private static final int INVOCATIONS = 500;
    private static final String NOT_SEQUENTIAL = "neither one shared flight nor two flights in turn";

    /** The operation the scenario needs, so the real class and the broken one run the same test. */
    interface Group {
        SingleFlight.Result<Integer> doCall(String key, Callable<Integer> fn) throws Exception;
    }

    /**
     * Where the callers find the group: a shared field. The model checker does not see an object as
     * shared when it only travels in a lambda's captured variables, and would not interleave on it.
     */
    private static volatile Group current;

    private static void twoCallersOneKey(Group g) {
        current = g;
        AtomicInteger runs = new AtomicInteger();
        @SuppressWarnings("unchecked")
        SingleFlight.Result<Integer>[] results = new SingleFlight.Result[2];
        Thread[] callers = new Thread[2];
        for (int i = 0; i < 2; i++) {
            int me = i;
            callers[i] = new Thread(() -> {
                try {
                    results[me] = current.doCall("k", runs::incrementAndGet);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            callers[i].start();
        }
        try {
            callers[0].join();
            callers[1].join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        SingleFlight.Result<Integer> a = results[0];
        SingleFlight.Result<Integer> b = results[1];
        boolean oneSharedFlight = runs.get() == 1 && a.value() == 1 && b.value() == 1 && a.shared() && b.shared();
        boolean twoFlights = runs.get() == 2 && a.value() + b.value() == 3 && !a.shared() && !b.shared();
        if (!oneSharedFlight && !twoFlights) {
            throw new AssertionError(NOT_SEQUENTIAL + ": runs " + runs.get() + ", results " + a + " and " + b);
        }
    }

    @Test
    void twoCallersShareOneFlightOrFollowEachOther() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            SingleFlight<String, Integer> g = new SingleFlight<>();
            twoCallersOneKey(g::doCall);
        });
    }

    @Test
    void brokenSharedFlagIsCaught() {
        assertThatThrownBy(() -> Lincheck.runConcurrentTest(INVOCATIONS, () -> twoCallersOneKey(new BrokenShared())))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(NOT_SEQUENTIAL);
    }

    /**
     * SingleFlight's map of flights without the seal: the leader decides "shared" from a plain read of
     * the joiner count, then removes its flight; a caller may join between the two.
     */
    static final class BrokenShared implements Group {
        private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();

        static final class Flight {
            final AtomicInteger dups = new AtomicInteger();
            volatile SingleFlight.Result<Integer> shared;
        }

        @Override
        public SingleFlight.Result<Integer> doCall(String key, Callable<Integer> fn) throws Exception {
            Flight mine = new Flight();
            Flight c = flights.putIfAbsent(key, mine);
            if (c != null) {
                c.dups.incrementAndGet(); // may come after the leader's read below
                while (c.shared == null) {
                    Thread.onSpinWait();
                }
                return c.shared;
            }
            Integer v = fn.call();
            boolean shared = mine.dups.get() > 0; // the defect: read before the flight leaves the map
            flights.remove(key, mine);
            mine.shared = new SingleFlight.Result<>(v, null, true);
            return new SingleFlight.Result<>(v, null, shared);
        }
    }
}

package dev.go4j.patterns.ratelimit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.go4j.time.ManualClock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck model checking of {@link AtomicTokenBucket}: every interleaving of {@code tryAcquire}, the
 * reservation a blocking {@code acquire} makes before it parks, the give-back of a cancelled wait, and
 * a read of the tokens, is linearizable with respect to a sequential model of the bucket (GCRA, where a
 * cancelled wait gives its slot back only while it is the last one: Go's {@code Reservation.CancelAt}
 * rule, "tokens reserved after r should not be restored").
 *
 * <p>The parking between the reservation and the give-back is left out: it is {@code ClockWait}'s job
 * and is covered by the contract tests; here the clock stands still (a {@link ManualClock} that is
 * never advanced), so every run is deterministic. Rate 1 per second, burst {@value #BURST}: a slot is
 * one second, and a reservation is named by the second at which its slot ends ({@code next / T}). A
 * cancel is made by the thread that reserved, for its latest reservation not yet cancelled, as a
 * waiter's own thread gives back what it reserved.
 *
 * <p>Counter-examples kept in this file, each shown to fail: {@link NonAtomicGiveBack} (check that the
 * reservation is the last, then write, in two steps: a reservation made in between is lost) and
 * {@link GiveBackAlways} (the give-back that ignores later reservations, which double-books the last
 * waiter's slot).
 */
@Timeout(120)
public class AtomicTokenBucketLincheckTest {

    static final int BURST = 2;
    private static final long T = 1_000_000_000L;

    private static ModelCheckingOptions options() {
        return new ModelCheckingOptions()
                .iterations(15)
                .invocationsPerIteration(200)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1)
                .sequentialSpecification(Model.class);
    }

    @Test
    void tryAcquireReserveAndGiveBackAreLinearizable() {
        options().check(Ops.class);
    }

    @Test
    void aNonAtomicGiveBackIsCaught() {
        assertThatThrownBy(() -> options().check(NonAtomicGiveBack.class)).isInstanceOf(LincheckAssertionError.class);
    }

    @Test
    void aGiveBackThatIgnoresLaterReservationsIsCaught() {
        assertThatThrownBy(() -> options().check(GiveBackAlways.class)).isInstanceOf(LincheckAssertionError.class);
    }

    /** The operations on the real bucket. */
    public static class Ops {
        private final AtomicTokenBucket bucket = new AtomicTokenBucket(1, BURST, new ManualClock());
        private final Waiting waiting = new Waiting();

        @Operation
        public boolean tryAcquire() {
            return bucket.tryAcquire();
        }

        /** A blocking acquire of one permit by this thread, up to the moment it parks: returns its slot. */
        @Operation
        public long reserve(@Param(gen = ThreadIdGen.class) int thread) {
            long slot = bucket.reserve(null, 1) / T;
            waiting.push(thread, slot);
            return slot;
        }

        /** The wait of this thread's latest reservation is cancelled: true if its slot was given back. */
        @Operation
        public boolean cancel(@Param(gen = ThreadIdGen.class) int thread) {
            Long slot = waiting.pop(thread);
            return slot != null && bucket.giveBack(slot * T, 1);
        }

        @Operation
        public long available() {
            return bucket.available();
        }
    }

    /**
     * The sequential specification, written from the rule rather than from the code: the slots taken
     * so far end at {@code tat}; a take needs {@code tat + 1 <= burst} (the clock stands at 0), a
     * reservation always queues; a cancelled reservation gives its slot back only if it is the last.
     */
    public static class Model {
        private long tat;
        private final Waiting waiting = new Waiting();

        public boolean tryAcquire() {
            if (tat + 1 > BURST) {
                return false;
            }
            tat++;
            return true;
        }

        public long reserve(int thread) {
            tat++;
            waiting.push(thread, tat);
            return tat;
        }

        public boolean cancel(int thread) {
            Long slot = waiting.pop(thread);
            if (slot == null || tat != slot) {
                return false; // nothing to cancel, or later reservations count on this slot
            }
            tat--;
            return true;
        }

        public long available() {
            return BURST - tat;
        }
    }

    /**
     * Each thread's reservations not cancelled yet, latest first. A thread touches only its own stack,
     * so no two threads share one; the map is filled before the threads start.
     */
    static final class Waiting {
        private final Map<Integer, Deque<Long>> stacks = new HashMap<>();

        Waiting() {
            for (int i = 0; i < 8; i++) {
                stacks.put(i, new ArrayDeque<>());
            }
        }

        void push(int thread, long slot) {
            stacks.get(thread).push(slot);
        }

        Long pop(int thread) {
            return stacks.get(thread).poll();
        }
    }

    /** A GCRA bucket in one {@link AtomicLong}, as the real one, for the broken give-backs below. */
    public abstract static class MiniBucket {
        final AtomicLong tat = new AtomicLong();
        private final Waiting waiting = new Waiting();

        @Operation
        public boolean tryAcquire() {
            for (;;) {
                long t = tat.get();
                if (t + 1 > BURST) {
                    return false;
                }
                if (tat.compareAndSet(t, t + 1)) {
                    return true;
                }
            }
        }

        @Operation
        public long reserve(@Param(gen = ThreadIdGen.class) int thread) {
            long slot = tat.incrementAndGet();
            waiting.push(thread, slot);
            return slot;
        }

        @Operation
        public boolean cancel(@Param(gen = ThreadIdGen.class) int thread) {
            Long slot = waiting.pop(thread);
            return slot != null && giveBack(slot);
        }

        @Operation
        public long available() {
            return BURST - tat.get();
        }

        abstract boolean giveBack(long slot);
    }

    /** Counter-example: checks that the slot is the last, then writes — a reservation in between is lost. */
    public static class NonAtomicGiveBack extends MiniBucket {
        @Override
        boolean giveBack(long slot) {
            if (tat.get() != slot) {
                return false;
            }
            tat.set(slot - 1); // should be compareAndSet(slot, slot - 1)
            return true;
        }
    }

    /** Counter-example: the give-back before the fix — always, so the next caller shares a waiter's slot. */
    public static class GiveBackAlways extends MiniBucket {
        @Override
        boolean giveBack(long slot) {
            tat.decrementAndGet();
            return true;
        }
    }
}

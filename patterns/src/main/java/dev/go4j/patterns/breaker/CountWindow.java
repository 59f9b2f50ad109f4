package dev.go4j.patterns.breaker;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last {@code size} outcomes, lock-free: a ring of slots and one packed aggregate.
 *
 * <p>Implementation overview: each outcome takes the next slot index ({@code getAndIncrement}),
 * swaps its code into the slot ({@code getAndSet}, which hands back exactly once the outcome it
 * evicts) and adds {@code new - old} to the aggregate in one {@code getAndAdd}. The aggregate packs
 * three signed 21-bit counters (calls, failures, slow) so a reader sees the three from one moment.
 * Packing is linear, so the adds commute and the aggregate always ends equal to the slots' contents.
 * When two threads a lap apart race for one slot (only when more than {@code size} outcomes are
 * being recorded at once), the later index may swap first: the slot then keeps the older outcome and
 * the newer one leaves the window early, and a counter may dip below zero for a moment (the
 * evictor's subtraction lands before the writer's addition). That is why the fields are signed and
 * decoded with sign extension, and why a reader clamps at zero. A lock would order the slots exactly
 * at the cost of the lock-free hot path; the window is a statistic, so it does not.
 */
final class CountWindow extends Window {
    /** The largest window: a field holds [-2^20, 2^20), and a lap of racing threads must fit too. */
    static final int MAX_SIZE = 1 << 19;
    private static final int BITS = 21;

    private final int size;
    private final AtomicIntegerArray slots;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong packed = new AtomicLong();

    CountWindow(int size) {
        this.size = size;
        this.slots = new AtomicIntegerArray(size);
    }

    /** A slot code: 0 is empty, otherwise 1 (a call) plus the outcome bits shifted by one. */
    private static long pack(int code) {
        if (code == 0) {
            return 0L;
        }
        int outcome = code >>> 1;
        return 1L | ((long) (outcome & FAILURE) << BITS) | ((long) ((outcome & SLOW) >>> 1) << (2 * BITS));
    }

    @Override
    boolean record(int outcome, long now, Thresholds t) {
        int i = Math.floorMod(next.getAndIncrement(), size);
        int code = 1 | (outcome << 1);
        int old = slots.getAndSet(i, code);
        long v = packed.addAndGet(pack(code) - pack(old));
        long calls = field(v, 0);
        long failures = field(v, 1);
        long slow = field(v, 2);
        return t.reached(Math.max(0L, calls), Math.max(0L, failures), Math.max(0L, slow));
    }

    @Override
    long[] snapshot(long now) {
        long v = packed.get();
        return new long[] {Math.max(0L, field(v, 0)), Math.max(0L, field(v, 1)), Math.max(0L, field(v, 2))};
    }

    /** Field {@code k} (0 calls, 1 failures, 2 slow) of a packed sum, sign-extended. */
    static long field(long v, int k) {
        for (int j = 0; j < k; j++) {
            long low = (v << (64 - BITS)) >> (64 - BITS);
            v = (v - low) >> BITS;
        }
        return (v << (64 - BITS)) >> (64 - BITS);
    }
}

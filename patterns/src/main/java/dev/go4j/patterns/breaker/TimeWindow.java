package dev.go4j.patterns.breaker;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The outcomes of the last {@code buckets * bucketNanos}, in buckets of {@code bucketNanos}, lock-free.
 *
 * <p>Implementation overview: bucket {@code e} (the epoch {@code now / bucketNanos}) lives in slot
 * {@code e % buckets}; the first outcome of a new epoch replaces the slot's stale bucket by CAS (one
 * winner; the losers use the winner's). A thread that read a bucket just before it was replaced adds
 * to the stale one: that outcome is a full window old by then and would have expired anyway. A sum
 * reads the buckets whose epoch is within the window.
 */
final class TimeWindow extends Window {
    private static final class Bucket {
        final long epoch;
        final LongAdder calls = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder slow = new LongAdder();

        Bucket(long epoch) {
            this.epoch = epoch;
        }
    }

    private final long bucketNanos;
    private final int n;
    private final AtomicReferenceArray<Bucket> slots;

    TimeWindow(long windowNanos, int buckets) {
        this.n = buckets;
        this.bucketNanos = Math.max(1L, windowNanos / buckets);
        this.slots = new AtomicReferenceArray<>(buckets);
    }

    @Override
    boolean record(int outcome, long now, Thresholds t) {
        long epoch = Math.floorDiv(now, bucketNanos);
        int i = (int) Math.floorMod(epoch, (long) n);
        Bucket b = slots.get(i);
        while (b == null || b.epoch != epoch) {
            if (b != null && b.epoch > epoch) {
                break; // a later thread already rolled on: count into the newer bucket
            }
            Bucket fresh = new Bucket(epoch);
            if (slots.compareAndSet(i, b, fresh)) {
                b = fresh;
                break;
            }
            b = slots.get(i); // lost the race to roll this slot; use the winner's
        }
        b.calls.increment();
        if ((outcome & FAILURE) != 0) {
            b.failures.increment();
        }
        if ((outcome & SLOW) != 0) {
            b.slow.increment();
        }
        long[] m = sums(Math.floorDiv(now, bucketNanos));
        return t.reached(m[0], m[1], m[2]);
    }

    @Override
    long[] snapshot(long now) {
        return sums(Math.floorDiv(now, bucketNanos));
    }

    private long[] sums(long epoch) {
        long calls = 0, failures = 0, slow = 0;
        for (int i = 0; i < n; i++) {
            Bucket b = slots.get(i);
            if (b != null && epoch - b.epoch < n && b.epoch <= epoch) {
                calls += b.calls.sum();
                failures += b.failures.sum();
                slow += b.slow.sum();
            }
        }
        return new long[] {calls, failures, slow};
    }
}

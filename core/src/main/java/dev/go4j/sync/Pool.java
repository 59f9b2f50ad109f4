package dev.go4j.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.SoftReference;
import java.util.function.Supplier;

/**
 * A set of spare objects that threads can reuse instead of allocating new ones: Go's
 * {@code sync.Pool}.
 *
 * <p>Semantics (Go's): {@link #get()} removes some object from the pool and returns it; if it finds
 * none, it returns the result of the pool's {@code New} function, or null for a pool without one.
 * {@link #put(Object) put(x)} offers {@code x} for reuse. Any object in the pool may be dropped at any
 * time without notice, and {@code get} may ignore the pool and treat it as empty: callers must assume
 * no relation between what they put and what they get, and must reset an object's state before putting
 * it back (or after getting it). As Go's, the pool is meant to be long-lived — a {@code static final}
 * field shared by many threads — and to hold objects that are expensive to make; it is no free list
 * for short-lived objects of one data structure.
 *
 * <p>Where go4j's pool differs from Go's: Go's pool grows without bound and is emptied at every
 * garbage collection (with a one-cycle victim cache). go4j's pool is bounded — a fixed number of slots
 * per stripe, beyond which {@code put} drops the object — and holds its slots through one
 * {@link SoftReference}, so the collector empties it when the heap runs short (always before an
 * {@link OutOfMemoryError}) and, with HotSpot's default policy, when the pool has gone unused for
 * about a second per free megabyte of heap. A pooled object therefore never causes an
 * {@code OutOfMemoryError}, and an idle pool does not hold memory for long.
 *
 * <p>When it pays on the JVM — less often than in Go. Allocating a small object is a pointer bump in
 * the thread's allocation buffer and a dead young object costs the collector nothing, so for small,
 * cheap objects a pool (one CAS per {@code get} and per {@code put}) is slower than {@code new} and
 * only keeps objects alive longer. It pays for objects whose making dominates: large arrays (the JVM
 * zeroes every allocated array), objects that set up costly state, and allocation rates that push the
 * collector. {@code docs/sync.md} and {@code PoolBenchmark} in the benchmarks give measured figures.
 * A {@link ThreadLocal} cache is the usual JVM alternative and is faster on a fixed set of platform
 * threads, but with virtual threads — one per task — every task starts with an empty cache and each
 * thread's copy lives as long as the thread; this pool is shared by all threads.
 *
 * <p>Zero state: {@code new Pool<>()} is Go's zero {@code sync.Pool{}}: empty and without {@code New}.
 *
 * <p>Thread safety: every method may be called from any number of threads, platform or virtual.
 * Memory consistency effects: actions in a thread before {@code put(x)} happen-before the actions after
 * a {@code get()} that returns {@code x} in another thread (Go: "a call to Put(x) synchronizes before a
 * call to Get returning that same value x").
 *
 * <p>Bad input: {@code put(null)} does nothing (as Go's {@code Put(nil)}); {@code new Pool<>(null)} is
 * a pool without {@code New}, as in Go. A failure of {@code New} propagates from {@code get}.
 *
 * <p>Example — reusing large buffers:
 * {@snippet class=dev.go4j.sync.PoolSnippets region=buffers}
 *
 * @implNote Lock-free and allocation-free. The slots are one array of references split into stripes
 * of 16 slots (one cache line with compressed references), padded so that no two stripes share a
 * line; the number of stripes is the power of two at or above twice the number of processors, between
 * 4 and 128. A thread's home stripe is a hash of its thread id. {@code get} scans its home stripe for
 * a filled slot and empties it with one CAS, {@code put} scans for an empty slot and fills it with one
 * CAS; on a miss either looks at up to three more stripes — so one thread reaches at most 64 slots —
 * then calls {@code New} or drops the object. The whole pool holds {@code stripes * 16} objects; the
 * array ({@code stripes * 128} bytes with compressed references) is allocated by the first
 * {@code put} and again after the collector clears it. Each operation also reads the
 * {@code SoftReference}, which is cheap but not free under concurrent collectors.
 *
 * @param <T> the type of the pooled objects
 * @since 0.1.0
 */
public final class Pool<T> {
    /* Implementation overview
     *
     * Go keeps a private slot and a lock-free deque per P (processor) and steals from other Ps on a
     * miss. A JVM thread cannot learn which carrier (processor) it runs on, and a virtual thread moves
     * between carriers, so go4j stripes by thread id instead: platform threads mostly stay on their
     * own stripe, virtual threads spread over all of them, and a miss looks at a few neighbours (Go
     * looks at every P; here that would make a miss cost O(processors) cache lines).
     *
     *   slots: [pad 16][stripe 0: 16 slots][pad 16][stripe 1: 16 slots] ... [pad 16]
     *
     * A slot goes null -> x by put's CAS and x -> null by get's CAS, so an object can be taken by one
     * get only; a stale read costs a failed CAS or a missed object, both allowed. There is no ABA
     * hazard: a CAS that succeeds on x removes x, whoever put it there. The CAS pair is also the
     * happens-before edge from put to get.
     *
     * The array is reachable only through a SoftReference; when the collector clears it, the next put
     * installs a fresh array (by CAS, so racing puts agree on one array) and whatever sat in the old
     * one is garbage -- Go's "cleared at GC", on the JVM's terms.
     */

    private static final int SLOTS = 16;
    private static final int PAD = 16;
    private static final int STRIDE = SLOTS + PAD;
    private static final int STRIPES = stripes(Runtime.getRuntime().availableProcessors());
    private static final int MASK = STRIPES - 1;
    private static final int PROBES = Math.min(STRIPES, 4);
    private static final int LENGTH = STRIPES * STRIDE + PAD;
    private static final SoftReference<Object[]> EMPTY = new SoftReference<>(null);
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle STORAGE;

    static {
        try {
            STORAGE = MethodHandles.lookup().findVarHandle(Pool.class, "storage", SoftReference.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Supplier<? extends T> newFn;
    /** The slots, or {@link #EMPTY} before the first put and after the collector cleared them. */
    private volatile SoftReference<Object[]> storage = EMPTY;

    /** Creates an empty pool without {@code New}: Go's zero {@code sync.Pool{}}. */
    public Pool() {
        this(null);
    }

    /**
     * Creates an empty pool whose {@link #get()} calls {@code newFn} when it finds nothing to reuse:
     * Go's {@code sync.Pool{New: newFn}}.
     *
     * @param newFn makes a new object (its result may be null); null for a pool without {@code New},
     *        whose {@code get} returns null when it finds nothing
     */
    public Pool(Supplier<? extends T> newFn) {
        this.newFn = newFn;
    }

    /**
     * Removes an object from the pool and returns it, or returns {@code New}'s result (null without
     * {@code New}) if the pool has none to hand — which may happen even after a {@code put}. Go:
     * {@code p.Get()}.
     *
     * @return a pooled or a new object, or null
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Object[] slots = storage.get();
        if (slots != null) {
            int home = home();
            for (int p = 0; p < PROBES; p++) {
                int base = ((home + p) & MASK) * STRIDE + PAD;
                for (int i = base, end = base + SLOTS; i < end; i++) {
                    Object x = slots[i]; // a plain read: the CAS decides
                    if (x != null && SLOT.compareAndSet(slots, i, x, null)) {
                        return (T) x;
                    }
                }
            }
        }
        Supplier<? extends T> f = newFn;
        return f == null ? null : f.get();
    }

    /**
     * Adds {@code x} to the pool for reuse, unless the slots it can reach are full, in which case
     * {@code x} is left to the garbage collector. Go: {@code p.Put(x)}. The caller must not use
     * {@code x} afterwards.
     *
     * @param x the object to offer for reuse; null is ignored, as Go ignores {@code Put(nil)}
     */
    public void put(T x) {
        if (x == null) {
            return;
        }
        Object[] slots = storage.get();
        if (slots == null) {
            slots = install();
        }
        int home = home();
        for (int p = 0; p < PROBES; p++) {
            int base = ((home + p) & MASK) * STRIDE + PAD;
            for (int i = base, end = base + SLOTS; i < end; i++) {
                if (slots[i] == null && SLOT.compareAndSet(slots, i, null, x)) {
                    return;
                }
            }
        }
        // every reachable slot is full: drop x, as Go's pool may drop anything at any time
    }

    /**
     * Returns a description of the pool for diagnostics, such as {@code "Pool[capacity=64, new=yes]"};
     * it does not count the pooled objects (that would be stale at once).
     *
     * @return the pool's capacity and whether it has {@code New}
     */
    @Override
    public String toString() {
        return "Pool[capacity=" + capacity() + ", new=" + (newFn == null ? "no" : "yes") + "]";
    }

    // ---------------------------------------------------------------- internals

    /** How many objects the whole pool can hold. */
    static int capacity() {
        return STRIPES * SLOTS;
    }

    /** How many objects one thread can reach: its home stripe and its probed neighbours. */
    static int reachableFromOneThread() {
        return PROBES * SLOTS;
    }

    /** The reference holding the slots, for tests that play the garbage collector. */
    SoftReference<Object[]> storage() {
        return storage;
    }

    static int stripes(int processors) {
        int wanted = Math.max(4, Math.min(128, 2 * processors));
        return Integer.highestOneBit(wanted - 1) << 1; // the power of two >= wanted
    }

    /** The calling thread's home stripe: a Fibonacci hash of its id, so consecutive ids spread out. */
    private static int home() {
        long id = Thread.currentThread().threadId();
        return (int) ((id * 0x9E37_79B9_7F4A_7C15L) >>> 32) & MASK;
    }

    /** Installs a fresh slot array after the first put or a collection; racing callers agree on one. */
    private Object[] install() {
        for (;;) {
            SoftReference<Object[]> ref = storage;
            Object[] slots = ref.get();
            if (slots != null) {
                return slots;
            }
            slots = new Object[LENGTH];
            if (STORAGE.compareAndSet(this, ref, new SoftReference<>(slots))) {
                return slots;
            }
        }
    }
}

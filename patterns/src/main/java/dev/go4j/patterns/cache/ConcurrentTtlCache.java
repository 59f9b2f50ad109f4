package dev.go4j.patterns.cache;

import dev.go4j.Go;
import dev.go4j.context.Context;
import dev.go4j.singleflight.SingleFlight;
import dev.go4j.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The idiomatic Java TTL cache: a {@link ConcurrentHashMap} of immutable entries, each holding its value
 * and its own expiry instant, with no background thread. Go: the same {@code Cache} as the
 * {@code map} + {@code sync.RWMutex} + janitor every Go backend writes ({@link RWMutexCache} is that
 * port), rebuilt on Java's concurrent map. This is the flavour to ship; build it with
 * {@link Cache#builder()}{@code ...build()}.
 *
 * <h2>Semantics</h2>
 * Those of {@link Cache}, and:
 * <ul>
 *   <li><b>Expiry is lazy.</b> A read that finds an expired entry removes it (only that entry: a newer
 *       one set meanwhile is kept). Besides, about one write in {@value #CLEANUP_ONE_IN} sweeps the next
 *       {@value #CLEANUP_BUDGET} entries of a circular scan of the map and removes the expired ones, so
 *       entries nobody reads again are removed in time without a thread. {@link #size()} may count
 *       expired entries not met yet. With {@link CacheBuilder#janitorInterval(Duration)} the whole map is
 *       also swept at that interval, on a virtual thread started by the clock's timer.</li>
 *   <li><b>Loads</b> ({@link #getOrLoad}) go through a {@link SingleFlight}: one load per key at a
 *       time, run outside any lock. While it runs, the key holds a placeholder that reads as absent. A
 *       {@code set} or {@code delete} of the key after the load started wins: the loaded value is then
 *       returned to the load's callers but not cached (so an invalidation during a load is never undone
 *       by the load's older data). A load that fails or returns null caches nothing.</li>
 *   <li><b>Maximum size</b> (if set): the map never holds more entries (placeholders included), even
 *       under concurrent writers: a new key first reserves a slot, and a writer that finds no free slot
 *       evicts one entry before it inserts. The victim: a sample of the next {@value #SAMPLE} entries of
 *       the same circular scan, of which the first expired one, else the one closest to expiry. This is
 *       sampled eviction (as Redis does it), not LRU: reads never write, so they stay fast.</li>
 *   <li>{@link #close()} cancels the scheduled sweep, if any, and waits for a sweep in progress to
 *       finish, so no sweep runs after it returns; calls after it throw
 *       {@link IllegalStateException}.</li>
 * </ul>
 *
 * <p>Thread safety: every method may be called from any number of threads. Memory consistency effects:
 * as {@link Cache} says; each entry is published through the map, as with {@code ConcurrentHashMap}.
 *
 * <p>Bad input: see {@link Cache}.
 *
 * <p>Example — loading through the cache:
 * {@snippet class=dev.go4j.patterns.cache.CacheSnippets region=getOrLoad}
 *
 * @implNote A hit is one map read, one clock read and one volatile read (the closed flag): no lock, no
 * write, no allocation. A set allocates one entry and does one map write, plus, when the cache is
 * bounded, a CAS on the slot counter; the amortised sweep is taken with {@code tryLock}, so writers
 * never wait for it. An eviction takes a lock (evicting writers are serialized) and looks at
 * {@value #SAMPLE} entries. A miss through {@code getOrLoad} costs a flight, a placeholder, an entry in the map of
 * loading threads (for the recursion check) and the load.
 * @param <K> the key type (keys are compared with {@code equals}, as map keys)
 * @param <V> the value type
 * @since 0.1.0
 */
public final class ConcurrentTtlCache<K, V> implements Cache<K, V> {
    /* Implementation overview
     *
     * map: K -> Entry (value, expiresAt) or a placeholder Entry (null value) while a load runs.
     * Every change is a CHM CAS on the entry object (identity equality, see Entry):
     *   get      e = map.get(k); expired -> map.remove(k, e)
     *   set      put (unbounded); bounded: get + replace(k, old, e), or reserve a slot + putIfAbsent
     *   delete   map.remove(k)
     *   load     claim: putIfAbsent(k, P) or replace(k, expired, P); run the loader with no lock held;
     *            install: replace(k, P, e) — fails iff a set/delete/eviction took the key meanwhile,
     *            which is how "a write after the load started wins" is decided, atomically.
     * Counters (exact, since every removal knows what it removed):
     *   placeholders  placeholders in the map, so size() = held() - placeholders
     *   slots         (bounded only) entries + placeholders in the map + slots reserved by inserters
     *                 about to putIfAbsent; map.size() <= slots <= maximumSize at every instant
     * hand: one weakly consistent iterator over the map, resumed where it stopped, under handLock —
     * the circular scan shared by the amortised sweep (tryLock) and eviction (lock).
     */

    /** About one write in this many runs the amortised sweep. */
    static final int CLEANUP_ONE_IN = 64;
    /** Entries the amortised sweep looks at. */
    static final int CLEANUP_BUDGET = 16;
    /** Entries an eviction looks at to choose its victim. */
    static final int SAMPLE = 8;

    private final ConcurrentHashMap<K, Entry<V>> map = new ConcurrentHashMap<>();
    private final SingleFlight<K, V> flights = new SingleFlight<>();
    private final Loads<K> loads = new Loads<>();
    private final Expiry expiry;
    private final int maximumSize;
    private final AtomicInteger slots = new AtomicInteger();
    private final AtomicInteger placeholders = new AtomicInteger();

    private final ReentrantLock handLock = new ReentrantLock();
    private Iterator<Map.Entry<K, Entry<V>>> hand; // guarded by handLock

    private final long sweepIntervalNanos; // 0: no scheduled sweep
    /** Held by a scheduled sweep and by close(), so that no sweep runs after close() returns. */
    private final ReentrantLock sweepLock = new ReentrantLock();
    private Clock.Scheduled nextSweep; // guarded by sweepLock
    private volatile boolean closed;

    /** {@code sweepIntervalNanos}: 0 for no scheduled sweep, else at most {@link Expiry#MAX_TTL_NANOS}. */
    ConcurrentTtlCache(Expiry expiry, int maximumSize, long sweepIntervalNanos) {
        this.expiry = expiry;
        this.maximumSize = maximumSize;
        this.sweepIntervalNanos = sweepIntervalNanos;
        if (sweepIntervalNanos > 0L) {
            sweepLock.lock();
            try {
                armSweep();
            } finally {
                sweepLock.unlock();
            }
        }
    }

    // ---------------------------------------------------------------- Cache

    @Override
    public V get(K key) {
        Objects.requireNonNull(key, "key");
        checkOpen();
        Entry<V> e = map.get(key);
        if (e == null || e.isPlaceholder()) {
            return null;
        }
        if (e.expiredAt(expiry.now())) {
            removeEntry(key, e); // only this entry: a newer one set meanwhile stays
            return null;
        }
        return e.value;
    }

    @Override
    public void set(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        checkOpen();
        store(key, new Entry<>(value, expiry.defaultDeadline()));
    }

    @Override
    public void set(K key, V value, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        long ttlNanos = Expiry.ttlNanos(ttl, "ttl");
        checkOpen();
        store(key, new Entry<>(value, expiry.deadline(ttlNanos)));
    }

    @Override
    public boolean delete(K key) {
        Objects.requireNonNull(key, "key");
        checkOpen();
        Entry<V> old = map.remove(key);
        if (old == null) {
            return false;
        }
        released(old); // a placeholder removed here makes its load's install fail: the delete wins
        return old.liveAt(expiry.now());
    }

    @Override
    public V getOrLoad(K key, Callable<? extends V> loader) throws ExecutionException, InterruptedException {
        Objects.requireNonNull(loader, "loader");
        V v = get(key);
        if (v != null) {
            return v;
        }
        loads.checkNotLoadingOnThisThread(key);
        return flights.doCall(key, () -> loads.run(key, () -> load(key, loader))).value();
    }

    @Override
    public V getOrLoad(Context ctx, K key, Callable<? extends V> loader)
            throws ExecutionException, InterruptedException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(loader, "loader");
        V v = get(key);
        if (v != null) {
            return v;
        }
        loads.checkNotLoadingOnThisThread(key);
        return flights.doCall(ctx, key, () -> loads.run(key, () -> load(key, loader))).value();
    }

    /**
     * {@inheritDoc} Loads in flight are not counted. Under concurrent writes the count is an estimate
     * (as {@link ConcurrentHashMap#size()} is, which may count a removal late); when the cache is bounded
     * it never exceeds the maximum size, which the map itself never does.
     */
    @Override
    public int size() {
        checkOpen();
        return Math.max(0, held() - placeholders.get());
    }

    /**
     * Cancels the scheduled sweep, if any, and waits for a sweep in progress to finish: no sweep runs
     * after this returns. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        sweepLock.lock(); // a running sweep holds it: wait for it, as the literal port joins its janitor
        try {
            if (nextSweep != null) {
                nextSweep.cancel();
                nextSweep = null;
            }
        } finally {
            sweepLock.unlock();
        }
    }

    /**
     * Describes the cache.
     *
     * @return for example {@code ConcurrentTtlCache[size=3, maximumSize=100]}
     */
    @Override
    public String toString() {
        return "ConcurrentTtlCache[size=" + Math.max(0, held() - placeholders.get())
                + (maximumSize > 0 ? ", maximumSize=" + maximumSize : "") + (closed ? ", closed" : "") + "]";
    }

    // ---------------------------------------------------------------- writes

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("cache is closed");
        }
    }

    private void store(K key, Entry<V> e) {
        if (maximumSize == 0) {
            Entry<V> old = map.put(key, e);
            if (old != null && old.isPlaceholder()) {
                placeholders.decrementAndGet(); // took the key from a load: the load will not install
            }
        } else {
            storeBounded(key, e);
        }
        if (ThreadLocalRandom.current().nextInt(CLEANUP_ONE_IN) == 0) {
            sweepSome(); // amortised clean-up: a random draw, not a shared counter that every write would contend on
        }
    }

    private void storeBounded(K key, Entry<V> e) {
        for (;;) {
            Entry<V> old = map.get(key);
            if (old != null) {
                if (map.replace(key, old, e)) { // same key: no new slot
                    if (old.isPlaceholder()) {
                        placeholders.decrementAndGet();
                    }
                    return;
                }
                continue; // lost a race with another writer of this key: look again
            }
            reserveSlot();
            if (map.putIfAbsent(key, e) == null) {
                return;
            }
            slots.decrementAndGet(); // the key appeared meanwhile: give the slot back and replace it
        }
    }

    /** Takes a slot for one more map entry, evicting until one is free. */
    private void reserveSlot() {
        for (;;) {
            int n = slots.get();
            if (n < maximumSize) {
                if (slots.compareAndSet(n, n + 1)) {
                    return;
                }
            } else if (!evictOne()) {
                // Every slot is held by an inserter between its reservation and its putIfAbsent (or
                // the scan saw only entries that changed under it): they finish without blocking.
                Thread.onSpinWait();
            }
        }
    }

    /** Removes {@code e} if it is still the entry of {@code key}; true if this call removed it. */
    private boolean removeEntry(K key, Entry<V> e) {
        if (map.remove(key, e)) {
            released(e);
            return true;
        }
        return false;
    }

    /** Accounts for an entry that left the map (exactly once per entry: only its remover calls this). */
    private void released(Entry<V> e) {
        if (e.isPlaceholder()) {
            placeholders.decrementAndGet();
        }
        if (maximumSize != 0) {
            slots.decrementAndGet();
        }
    }

    // ---------------------------------------------------------------- loads

    /** The flight's leader: claim the key with a placeholder, load with no lock held, install. */
    private V load(K key, Callable<? extends V> loader) throws Exception {
        Entry<V> mine = Entry.placeholder();
        for (;;) {
            Entry<V> cur = map.get(key);
            if (cur != null && cur.liveAt(expiry.now())) {
                return cur.value; // a flight that ended just before ours installed it, or a set did
            }
            if (claim(key, cur, mine)) {
                break;
            }
        }
        boolean loaded = false;
        try {
            V value = loader.call();
            if (value == null) {
                throw new NullPointerException("loader returned null for key " + key + ": a cache holds no null");
            }
            loaded = true;
            if (map.replace(key, mine, new Entry<>(value, expiry.defaultDeadline()))) {
                placeholders.decrementAndGet(); // the slot passes from the placeholder to the entry
            } // else a set, delete or eviction took the key after the load started: it wins
            return value;
        } finally {
            if (!loaded) {
                removeEntry(key, mine); // nothing cached on failure
            }
        }
    }

    /** Puts {@code mine} in place of {@code cur} (absent, expired, or a stale placeholder). */
    private boolean claim(K key, Entry<V> cur, Entry<V> mine) {
        placeholders.incrementAndGet(); // before it is visible, so that a remover never drives it negative
        if (cur == null) {
            if (maximumSize != 0) {
                reserveSlot();
            }
            if (map.putIfAbsent(key, mine) == null) {
                return true;
            }
            if (maximumSize != 0) {
                slots.decrementAndGet();
            }
        } else if (map.replace(key, cur, mine)) {
            if (cur.isPlaceholder()) {
                placeholders.decrementAndGet();
            }
            return true;
        }
        placeholders.decrementAndGet();
        return false;
    }

    // ---------------------------------------------------------------- sweeping and eviction

    /** The amortised clean-up: removes the expired among the next few entries, unless a sweep is running. */
    private void sweepSome() {
        if (!handLock.tryLock()) {
            return;
        }
        try {
            long now = expiry.now();
            boolean[] wrapped = {false};
            for (int i = 0; i < CLEANUP_BUDGET; i++) {
                Map.Entry<K, Entry<V>> me = advanceHand(wrapped);
                if (me == null) {
                    return;
                }
                Entry<V> e = me.getValue();
                if (!e.isPlaceholder() && e.expiredAt(now)) {
                    removeEntry(me.getKey(), e);
                }
            }
        } finally {
            handLock.unlock();
        }
    }

    /**
     * Evicts one entry: of the next {@value #SAMPLE} of the scan, the first expired one, else the one
     * closest to expiry (placeholders last). False if the map looked empty or the victim changed.
     */
    private boolean evictOne() {
        K victimKey = null;
        Entry<V> victim = null;
        handLock.lock();
        try {
            long now = expiry.now();
            boolean[] wrapped = {false};
            for (int i = 0; i < SAMPLE; i++) { // a map smaller than the sample is seen whole (some twice)
                Map.Entry<K, Entry<V>> me = advanceHand(wrapped);
                if (me == null) {
                    break;
                }
                Entry<V> e = me.getValue();
                if (victim == null || betterVictim(e, victim)) {
                    victimKey = me.getKey();
                    victim = e;
                    if (!e.isPlaceholder() && e.expiredAt(now)) {
                        break;
                    }
                }
            }
        } finally {
            handLock.unlock();
        }
        return victim != null && removeEntry(victimKey, victim);
    }

    /** Closer to expiry than {@code than}; a placeholder is never better than an entry. */
    private static boolean betterVictim(Entry<?> e, Entry<?> than) {
        if (e.isPlaceholder()) {
            return false;
        }
        if (than.isPlaceholder()) {
            return true;
        }
        return e.expiresAt - than.expiresAt < 0L;
    }

    /**
     * The next entry of the circular scan, or null at the end of the map (the next call starts again
     * from its beginning). Under handLock.
     */
    private Map.Entry<K, Entry<V>> advanceHand() {
        if (hand == null) {
            hand = map.entrySet().iterator();
        }
        if (hand.hasNext()) {
            return hand.next();
        }
        hand = null;
        return null;
    }

    /** As {@link #advanceHand()}, wrapping around once per pass: null only if the map looks empty. */
    private Map.Entry<K, Entry<V>> advanceHand(boolean[] wrapped) {
        Map.Entry<K, Entry<V>> me = advanceHand();
        if (me == null && !wrapped[0]) {
            wrapped[0] = true;
            me = advanceHand();
        }
        return me;
    }

    /**
     * Entries and placeholders in the map, without the closed check. Bounded: capped by the slot count,
     * an exact upper bound at every instant (a slot is taken before an insert and given back after a
     * removal), whereas the map's own count, summed from striped counters, may see an insert before an
     * earlier removal.
     */
    int held() {
        int n = map.size();
        return maximumSize == 0 ? n : Math.min(n, slots.get());
    }

    /** Sweeps the whole map now. For the scheduled sweep and tests. */
    void sweepAll() {
        long now = expiry.now();
        for (Map.Entry<K, Entry<V>> me : map.entrySet()) {
            Entry<V> e = me.getValue();
            if (!e.isPlaceholder() && e.expiredAt(now)) {
                removeEntry(me.getKey(), e);
            }
        }
    }

    /** Arms the next scheduled sweep, under sweepLock; the clock's task only starts a goroutine (it must not block). */
    private void armSweep() {
        nextSweep = expiry.clock.schedule(Duration.ofNanos(sweepIntervalNanos), () -> Go.go(this::scheduledSweep));
    }

    private void scheduledSweep() {
        sweepLock.lock();
        try {
            if (closed) {
                return; // close() won: it cancelled or is cancelling the schedule; sweep nothing
            }
            sweepAll();
            armSweep(); // re-armed after the sweep, so sweeps never overlap
        } finally {
            sweepLock.unlock();
        }
    }
}

package dev.go4j.patterns.ratelimit;

import dev.go4j.context.Context;
import dev.go4j.time.Clock;
import java.io.Serial;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A rate limiter per key — per client IP, per user, per API token — made on demand, forgotten after an
 * idle time, and never more than {@code maxKeys} of them. Go: the {@code map[string]*rate.Limiter}
 * behind a {@code sync.Mutex} with a cleanup goroutine that every Go HTTP service writes, without its
 * leak: that map grows with every distinct key until the next sweep, so a flood of spoofed addresses
 * grows it without bound.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>The first call for a key makes its limiter with the factory (any {@link RateLimiter} flavour);
 *       later calls for that key use the same limiter until it is evicted. {@link #tryAcquire(Object,
 *       int)}, {@link #acquire(Object, int)} and {@link #acquire(Context, Object, int)} behave as the
 *       limiter's own methods.</li>
 *   <li><b>Idle eviction.</b> A limiter that no call has used for {@code idleTime} (measured on the
 *       clock from the end of its last call) is evicted by the next sweep that visits it: a few
 *       entries are swept on every new key and every 64th call, and {@link #cleanUp()} sweeps them
 *       all. A limiter found idle by a call before a sweep reaches it is simply used again: its state
 *       is still exact.</li>
 *   <li><b>The cap.</b> There are never more than {@code maxKeys} limiters, even under races: a new key
 *       reserves a slot in an atomic counter before its limiter is made. At the cap, a new key first
 *       evicts the idle limiters it finds, else the least recently used of a sample of 16 (Redis's
 *       approximate LRU) — for caps of 2048 and more, the {@code maxKeys / 1024} (at most 8) least
 *       recently used of the sample at once, so that a flood of new keys takes the eviction lock
 *       that many times less often; a limiter in use is never evicted. Only if every limiter is in use at that
 *       moment is the new key <em>rejected</em>: {@code tryAcquire} returns false and a blocking
 *       acquire throws {@link KeysExhaustedException}. Each counts in {@link Stats#newKeysRejected()}
 *       (and, as every refused call, in {@link Stats#refused()}).</li>
 *   <li><b>Why evict rather than reject new keys at the cap:</b> rejecting would let anyone who can
 *       send from {@code maxKeys} addresses lock out every new client until their entries go idle.
 *       Evicting the least recently used costs at most a fresh burst for a key that was quiet for
 *       longer than the flood took to cycle the whole table — size {@code maxKeys} above the number of
 *       distinct keys you see in one refill time, and a capacity eviction only resets limiters that
 *       had refilled anyway. {@link Stats#capacityEvictions()} tells you when that stops being
 *       true.</li>
 *   <li><b>Idle time and refill time.</b> A key whose limiter was evicted starts again with a fresh,
 *       full limiter. An idle time at least the limiter's refill time (a token bucket's
 *       {@code burst / rate}, a window limiter's window) costs nothing: by then the old limiter had
 *       refilled too. A shorter idle time over-admits: a key that drains its burst and pauses for the
 *       idle time gets a whole burst back early, up to one extra burst per idle time.
 *       {@link #tokenBuckets(double, int, int, Duration, Clock)} knows the rate and the burst and
 *       refuses such an idle time; with a factory, the limiters are opaque (any {@link RateLimiter}),
 *       so choosing the idle time is the caller's part.</li>
 *   <li>An evicted limiter that is {@link AutoCloseable} (it owns a ticker goroutine) is closed by the
 *       thread that evicts it; a failure to close goes to that thread's uncaught-exception handler.
 *       {@link #close()} evicts and closes them all; a call in progress keeps its limiter until it
 *       returns.</li>
 * </ul>
 *
 * <p>Thread safety: safe for use by any number of threads. Two limiters for one key never both grant:
 * a limiter is evicted only when no call is using it and is never used again once evicted, so a new
 * one for the key exists only after the old one can no longer grant. Memory consistency effects: those
 * of the limiters; in addition, making a key's limiter happens-before every call that uses it.
 *
 * <p>Bad input: a null factory, key, clock or context throws {@link NullPointerException}; a
 * {@code maxKeys} below 1, an idle time that is not positive and negative {@code permits} throw
 * {@link IllegalArgumentException}; the limiter judges a blocking acquire above its burst. A factory
 * that returns null throws {@link NullPointerException}, and one that throws propagates to the caller,
 * with nothing inserted. The factory must not call this limiter. Calls after {@link #close()} throw
 * {@link IllegalStateException}.
 *
 * <p>Example — 10 requests a second per client IP, at most 100 000 clients tracked:
 * {@snippet class=dev.go4j.patterns.ratelimit.KeyedRateLimiterSnippets region=perIp}
 *
 * @param <K> the key type; keys are compared with {@code equals}, as in a {@code HashMap}
 * @implNote A {@link ConcurrentHashMap} of entries, each holding its limiter, the time of its last use
 * and one {@code long} state word: the number of calls using it, a counter of uses and a DEAD mark,
 * changed by CAS. A call on a known key is a map lookup, two CASes on the entry, one clock read and the
 * limiter's own work; it allocates nothing. A new key allocates its entry (40 bytes), the map's node
 * (32) and the limiter. Sweeps are amortised: O(1) entries per call, under a lock that callers only
 * try; a new key at the cap visits 16 entries, and all of them only when nearly all are in use.
 * Memory is bounded by {@code maxKeys} times (72 bytes plus the key and one limiter) plus the map's
 * table: 182 bytes a key for 10 000 IPv4 strings and {@link SlidingWindowLimiter}s (JOL).
 * @since 0.1.0
 */
public final class KeyedRateLimiter<K> implements AutoCloseable {
    /* Implementation overview
     *
     * Entry.state = [ uses : 32 | pins : 32 ], or DEAD (-1).
     *   pin:    CAS s -> s + (1 << 32) + 1, unless DEAD.        A call holds a pin while it uses the
     *   unpin:  lastUsed = now; then add -1.                    limiter (also while it waits).
     *   kill:   CAS s -> DEAD, where s is a value read with pins == 0 BEFORE lastUsed was read and found
     *           idle (or oldest). Any pin in between changed the uses half, so the CAS fails: an entry
     *           that was used after the sweeper looked is never evicted on stale information.
     * A caller that finds a DEAD entry removes it (map.remove(key, dead), so it can only remove that
     * entry) and retries; whoever removes it frees its slot. Only the killer closes the limiter and
     * counts the eviction. A DEAD entry never becomes alive again, and it had no pins when it died, so
     * the new entry for its key can only start granting after the old one stopped for good.
     *
     * map.size() <= reserved <= maxKeys: a new key CASes reserved up (never past maxKeys) before
     * computeIfAbsent inserts; a removal frees the slot after the map no longer holds the entry; a lost
     * computeIfAbsent (another caller inserted the key first) or a factory that throws frees it at once.
     * computeIfAbsent calls the factory only for the winner, so no limiter is made and thrown away.
     *
     * Sweeps walk one shared weakly consistent iterator over the map (restarted when it runs out) under
     * sweepLock, so successive sweeps resume where the last stopped and every entry is visited once per
     * round. Callers only tryLock it for their amortised steps; a new key at the cap locks it, samples
     * SAMPLE entries and evicts the idle ones, else the `batch` oldest (so a flood of new keys takes the
     * lock once per `batch` keys). cleanUp() walks its own iterator without the lock: the kill CAS
     * settles any race with a sweep, as it does with callers.
     */

    /** Entries a new key samples at the cap: Redis samples 5; 16 keeps the choice close to true LRU. */
    static final int SAMPLE = 16;
    /** Entries each amortised sweep step visits. */
    static final int STEP = 4;
    /** One call in this many (a power of two) also runs a sweep step. */
    static final int STEP_EVERY = 64;

    private final Function<? super K, ? extends RateLimiter> factory;
    private final Clock clock;
    private final int maxKeys;
    private final long idleNanos;
    private final ConcurrentHashMap<K, Entry<K>> map = new ConcurrentHashMap<>();
    /** Slots taken: at least the map's size, at most {@link #maxKeys}. */
    private final AtomicInteger reserved = new AtomicInteger();
    private final LongAdder idleEvictions = new LongAdder();
    private final LongAdder capacityEvictions = new LongAdder();
    private final LongAdder newKeysRejected = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final ReentrantLock sweepLock = new ReentrantLock();
    /** Where sweeps resume; guarded by {@link #sweepLock}. */
    private Iterator<Entry<K>> cursor;
    /** The candidates of one sample and the states they were seen in; guarded by {@link #sweepLock}. */
    private final Entry<K>[] sample;
    private final long[] sampleStates = new long[SAMPLE];
    /** Entries evicted at once at the cap (1 for small caps, up to 8): fewer trips through the lock. */
    private final int batch;
    /** Calls since the last sweep step; a plain racy counter (a lost increment only shifts a step). */
    private int tick;
    private volatile boolean closed;

    /**
     * Creates a per-key limiter on the system clock.
     *
     * @param factory makes the limiter of a key on its first call; must not return null or call this
     *        limiter
     * @param maxKeys the most keys tracked at once, at least 1
     * @param idleTime how long a key's limiter may go unused before it is evicted, positive; at least
     *        the limiters' refill time, or keys over-admit (see the class docs)
     * @throws NullPointerException if {@code factory} or {@code idleTime} is null
     * @throws IllegalArgumentException if {@code maxKeys < 1} or {@code idleTime} is not positive
     */
    public KeyedRateLimiter(Function<? super K, ? extends RateLimiter> factory, int maxKeys, Duration idleTime) {
        this(factory, maxKeys, idleTime, Clock.system());
    }

    /**
     * Creates a per-key limiter that measures idle time on {@code clock}.
     *
     * @param factory makes the limiter of a key on its first call; must not return null or call this
     *        limiter
     * @param maxKeys the most keys tracked at once, at least 1
     * @param idleTime how long a key's limiter may go unused before it is evicted, positive; at least
     *        the limiters' refill time, or keys over-admit (see the class docs)
     * @param clock the clock idle time is measured on (a {@code ManualClock} in tests); give the
     *        limiters the same one
     * @throws NullPointerException if {@code factory}, {@code idleTime} or {@code clock} is null
     * @throws IllegalArgumentException if {@code maxKeys < 1} or {@code idleTime} is not positive
     */
    public KeyedRateLimiter(Function<? super K, ? extends RateLimiter> factory, int maxKeys, Duration idleTime,
            Clock clock) {
        this.factory = Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(idleTime, "idleTime");
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be >= 1, was " + maxKeys);
        }
        if (idleTime.isNegative() || idleTime.isZero()) {
            throw new IllegalArgumentException("idleTime must be positive, was " + idleTime);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxKeys = maxKeys;
        long nanos;
        try {
            nanos = idleTime.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE;
        }
        this.idleNanos = nanos;
        this.batch = Math.clamp(maxKeys >>> 10, 1, 8);
        @SuppressWarnings("unchecked")
        Entry<K>[] buffer = (Entry<K>[]) new Entry<?>[SAMPLE];
        this.sample = buffer;
    }

    /**
     * Creates a per-key limiter whose keys each get an {@link AtomicTokenBucket} of {@code rate} and
     * {@code burst}, on the system clock. Go: a {@code rate.NewLimiter(r, b)} per visitor.
     *
     * @param <K> the key type
     * @param rate permits per second for each key, {@code 0 < rate <= 1e9}
     * @param burst the most permits each key is granted at once, at least 1
     * @param maxKeys the most keys tracked at once, at least 1
     * @param idleTime how long a key's bucket may go unused before it is evicted: at least its refill
     *        time {@code burst / rate}
     * @return the per-key limiter
     * @throws IllegalArgumentException if an argument is out of range, or {@code idleTime} is shorter
     *         than {@code burst / rate} (an evicted key would come back with a full burst early)
     * @throws NullPointerException if {@code idleTime} is null
     */
    public static <K> KeyedRateLimiter<K> tokenBuckets(double rate, int burst, int maxKeys, Duration idleTime) {
        return tokenBuckets(rate, burst, maxKeys, idleTime, Clock.system());
    }

    /**
     * Creates a per-key limiter whose keys each get an {@link AtomicTokenBucket} of {@code rate} and
     * {@code burst} on {@code clock}. Go: a {@code rate.NewLimiter(r, b)} per visitor.
     *
     * @param <K> the key type
     * @param rate permits per second for each key, {@code 0 < rate <= 1e9}
     * @param burst the most permits each key is granted at once, at least 1
     * @param maxKeys the most keys tracked at once, at least 1
     * @param idleTime how long a key's bucket may go unused before it is evicted: at least its refill
     *        time {@code burst / rate}
     * @param clock the clock of the buckets and of idle time (a {@code ManualClock} in tests)
     * @return the per-key limiter
     * @throws IllegalArgumentException if an argument is out of range, or {@code idleTime} is shorter
     *         than {@code burst / rate} (an evicted key would come back with a full burst early)
     * @throws NullPointerException if {@code idleTime} or {@code clock} is null
     */
    public static <K> KeyedRateLimiter<K> tokenBuckets(double rate, int burst, int maxKeys, Duration idleTime,
            Clock clock) {
        Objects.requireNonNull(clock, "clock");
        long refill = TokenBuckets.intervalNanos(rate, burst) * burst; // validates both; at most 2^59
        KeyedRateLimiter<K> keyed = new KeyedRateLimiter<>(k -> new AtomicTokenBucket(rate, burst, clock), maxKeys,
                idleTime, clock);
        if (keyed.idleNanos < refill) {
            throw new IllegalArgumentException("idleTime must be at least the refill time burst / rate = "
                    + Duration.ofNanos(refill) + " (an idle key evicted earlier would come back with a full burst"
                    + " early), was " + idleTime);
        }
        return keyed;
    }

    /**
     * Takes one permit from the key's limiter if it is available now. Go:
     * {@code getVisitor(ip).Allow()}.
     *
     * @param key the key, not null
     * @return true if taken; false if the limiter refused, or the key was rejected at the cap
     * @throws NullPointerException if {@code key} is null
     * @throws IllegalStateException if this limiter is closed
     */
    public boolean tryAcquire(K key) {
        return tryAcquire(key, 1);
    }

    /**
     * Takes {@code permits} permits from the key's limiter if they are available now; never blocks
     * (apart from the limiter's own short lock, and a sweep at the cap).
     *
     * @param key the key, not null
     * @param permits how many, zero or more
     * @return true if taken; false if the limiter refused, or the key was rejected at the cap
     * @throws NullPointerException if {@code key} is null
     * @throws IllegalArgumentException if {@code permits} is negative
     * @throws IllegalStateException if this limiter is closed
     */
    public boolean tryAcquire(K key, int permits) {
        Objects.requireNonNull(key, "key");
        checkPermits(permits);
        Entry<K> e = pin(key);
        if (e == null) {
            refused.increment();
            return false;
        }
        boolean granted;
        try {
            granted = e.limiter.tryAcquire(permits);
        } finally {
            release(e);
        }
        if (!granted) {
            refused.increment();
        }
        return granted;
    }

    /**
     * Takes one permit from the key's limiter, waiting as long as it takes. Go:
     * {@code getVisitor(ip).Wait(context.Background())}.
     *
     * @param key the key, not null
     * @throws InterruptedException if interrupted while waiting; nothing is taken
     * @throws KeysExhaustedException if the key is new and all {@code maxKeys} limiters are in use
     * @throws NullPointerException if {@code key} is null
     * @throws IllegalStateException if this limiter is closed
     */
    public void acquire(K key) throws InterruptedException {
        acquire(key, 1);
    }

    /**
     * Takes {@code permits} permits from the key's limiter, waiting as long as it takes. The limiter
     * stays in use, so it is not evicted, while the call waits.
     *
     * @param key the key, not null
     * @param permits how many, from zero to the limiter's burst
     * @throws InterruptedException if interrupted while waiting; nothing is taken
     * @throws KeysExhaustedException if the key is new and all {@code maxKeys} limiters are in use
     * @throws IllegalArgumentException if {@code permits} is negative, or more than the burst
     * @throws NullPointerException if {@code key} is null
     * @throws IllegalStateException if this limiter is closed
     */
    public void acquire(K key, int permits) throws InterruptedException {
        Objects.requireNonNull(key, "key");
        checkPermits(permits);
        Entry<K> e = pinOrThrow(key);
        try {
            e.limiter.acquire(permits);
        } finally {
            release(e);
        }
    }

    /**
     * Takes {@code permits} permits from the key's limiter, waiting at most until {@code ctx} is done.
     * Go: {@code getVisitor(ip).WaitN(ctx, n)}.
     *
     * @param ctx bounds the wait, not null
     * @param key the key, not null
     * @param permits how many, from zero to the limiter's burst
     * @throws InterruptedException if interrupted while waiting; nothing is taken
     * @throws dev.go4j.context.ContextException the context's error, if it is done first
     * @throws WaitExceedsDeadlineException if the permits would come only after the context's deadline
     * @throws KeysExhaustedException if the key is new and all {@code maxKeys} limiters are in use
     * @throws IllegalArgumentException if {@code permits} is negative, or more than the burst
     * @throws NullPointerException if {@code ctx} or {@code key} is null
     * @throws IllegalStateException if this limiter is closed
     */
    public void acquire(Context ctx, K key, int permits) throws InterruptedException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(key, "key");
        checkPermits(permits);
        Entry<K> e = pinOrThrow(key);
        try {
            e.limiter.acquire(ctx, permits);
        } catch (WaitExceedsDeadlineException tooLate) {
            refused.increment(); // refused at once, as a tryAcquire that returns false
            throw tooLate;
        } finally {
            release(e);
        }
    }

    /**
     * The number of keys whose limiter is held now (Go: {@code len(visitors)}): never more than
     * {@code maxKeys}.
     *
     * @return the current number of keys
     */
    public int size() {
        return map.size();
    }

    /**
     * The number of limiters evicted so far, idle or at the cap.
     *
     * @return idle plus capacity evictions
     */
    public long evictions() {
        return idleEvictions.sum() + capacityEvictions.sum();
    }

    /**
     * The number of calls refused because their key was new and no limiter could be evicted to make
     * room for it (every one was in use at the cap). Each is also counted in {@link #refused()}.
     *
     * @return the new keys rejected so far
     */
    public long newKeysRejected() {
        return newKeysRejected.sum();
    }

    /**
     * The number of calls refused permits: every {@code tryAcquire} that returned false (the key's
     * limiter refused, or the key was new and rejected at the cap) and every blocking acquire refused
     * at once ({@link KeysExhaustedException}, {@link WaitExceedsDeadlineException}). A wait that ends
     * because its context is done or its thread is interrupted is the caller giving up, not a refusal,
     * and is not counted.
     *
     * @return the refused calls so far
     */
    public long refused() {
        return refused.sum();
    }

    /**
     * The counters, read one after the other (not an atomic snapshot).
     *
     * @return keys held, evictions by cause, new keys rejected and refused calls
     */
    public Stats stats() {
        return new Stats(map.size(), idleEvictions.sum(), capacityEvictions.sum(), newKeysRejected.sum(),
                refused.sum());
    }

    /**
     * The counters of a {@link KeyedRateLimiter}, each named for what it counts.
     *
     * @param keys the keys held when read
     * @param idleEvictions limiters evicted because they were idle for the idle time
     * @param capacityEvictions limiters evicted, least recently used first, to make room for a new key
     *        at the cap; a steady rise means the cap is too small for the traffic (or a flood of keys)
     * @param newKeysRejected calls refused because their key was new and every limiter was in use at
     *        the cap (the key table was full); included in {@code refused}
     * @param refused calls refused permits, for any reason: a key's limiter said no, or its key was
     *        rejected at the cap (see {@link KeyedRateLimiter#refused()})
     * @since 0.1.0
     */
    public record Stats(int keys, long idleEvictions, long capacityEvictions, long newKeysRejected, long refused) {
    }

    /**
     * Evicts every limiter that has been idle for at least the idle time now — Go's cleanup goroutine's
     * loop, run on the caller's thread. Evicted {@link AutoCloseable} limiters are closed.
     *
     * @return the number of limiters evicted
     */
    public int cleanUp() {
        long now = clock.nanoTime();
        int evicted = 0;
        for (Entry<K> e : map.values()) {
            long s = e.state;
            if (e.isIdle(s, now, idleNanos) && e.kill(s)) {
                evicted(e, true);
                evicted++;
            }
        }
        return evicted;
    }

    /**
     * Evicts and closes every limiter, and refuses calls from now on. A call in progress keeps its
     * limiter, which is closed when the call returns. Closing again does nothing.
     */
    @Override
    public void close() {
        closed = true;
        for (Entry<K> e : map.values()) {
            long s = e.state;
            if (Entry.pins(s) == 0 && e.kill(s)) {
                removed(e);
                closeLimiter(e.limiter);
            }
        }
    }

    /**
     * Describes the limiter.
     *
     * @return for example {@code KeyedRateLimiter[keys=3, maxKeys=10000, idle=PT10M]}
     */
    @Override
    public String toString() {
        return "KeyedRateLimiter[keys=" + map.size() + ", maxKeys=" + maxKeys + ", idle="
                + Duration.ofNanos(idleNanos) + (closed ? ", closed" : "") + "]";
    }

    /**
     * Thrown by a blocking acquire whose key is new when all {@code maxKeys} limiters are in use, so
     * none can be evicted to make room for it. {@code tryAcquire} returns false instead.
     *
     * @since 0.1.0
     */
    public static final class KeysExhaustedException extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param maxKeys the cap that was reached
         */
        public KeysExhaustedException(int maxKeys) {
            super("all " + maxKeys + " keyed limiters are in use; new key rejected");
        }
    }

    // ---------------------------------------------------------------- internals

    /** Slots reserved now: at least {@link #size()}, never more than {@code maxKeys}; for tests. */
    int reservedSlots() {
        return reserved.get();
    }

    private static void checkPermits(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits must be >= 0, was " + permits);
        }
    }

    private Entry<K> pinOrThrow(K key) {
        Entry<K> e = pin(key);
        if (e == null) {
            refused.increment();
            throw new KeysExhaustedException(maxKeys);
        }
        return e;
    }

    /** Finds or makes the key's entry and pins it; null if the key is new and no slot can be had. */
    private Entry<K> pin(K key) {
        checkOpen();
        for (;;) {
            Entry<K> e = map.get(key);
            if (e == null) {
                e = insert(key);
                if (e == null) {
                    newKeysRejected.increment();
                    return null;
                }
            } else if (!e.pin()) {
                // DEAD: its evictor is about to remove it; help, so we need not wait, and retry.
                if (map.remove(key, e)) {
                    reserved.decrementAndGet();
                }
                continue;
            }
            if (closed) { // close() may have swept past before we pinned: give it back and refuse
                release(e);
                checkOpen();
            }
            return e;
        }
    }

    /** Reserves a slot and inserts a new pinned entry; returns the pinned entry, or null if rejected. */
    private Entry<K> insert(K key) {
        for (;;) {
            if (!reserve()) {
                return null;
            }
            Maker<K> maker = new Maker<>(this);
            Entry<K> found;
            try {
                found = map.computeIfAbsent(key, maker);
            } catch (RuntimeException | Error failure) {
                reserved.decrementAndGet(); // the factory failed: nothing was inserted
                throw failure;
            }
            if (found == maker.made) {
                step(STEP); // a new key pays for a little sweeping
                return found; // made pinned
            }
            reserved.decrementAndGet(); // another caller inserted the key first
            if (found.pin()) {
                return found;
            }
            if (map.remove(key, found)) { // found a DEAD entry: remove it and try again
                reserved.decrementAndGet();
            }
        }
    }

    /** Takes a slot, evicting at the cap; false only if every entry is in use. */
    private boolean reserve() {
        for (;;) {
            int c = reserved.get();
            if (c < maxKeys) {
                if (reserved.compareAndSet(c, c + 1)) {
                    return true;
                }
                continue; // lost the slot to another new key: look again
            }
            if (!makeRoom() && reserved.get() >= maxKeys) {
                return false;
            }
            // We freed a slot (or someone else did): race for it.
        }
    }

    /**
     * At the cap: evicts the idle entries of a sample of {@link #SAMPLE}, else its {@link #batch}
     * least recently used; false if every entry is in use.
     */
    private boolean makeRoom() {
        sweepLock.lock();
        try {
            long now = clock.nanoTime();
            int budget = map.size() + SAMPLE; // one full round at most
            while (budget > 0) {
                int candidates = 0;
                boolean freed = false;
                for (int i = 0; i < SAMPLE && budget > 0; i++, budget--) {
                    Entry<K> e = next();
                    if (e == null) {
                        return false;
                    }
                    long s = e.state;
                    if (Entry.pins(s) != 0) {
                        continue; // in use, or already DEAD
                    }
                    if (e.isIdle(s, now, idleNanos)) {
                        if (e.kill(s)) {
                            evicted(e, true);
                            freed = true;
                        }
                    } else {
                        sample[candidates] = e;
                        sampleStates[candidates++] = s;
                    }
                }
                if (!freed) {
                    freed = evictOldest(candidates);
                }
                Arrays.fill(sample, 0, candidates, null);
                if (freed) {
                    return true;
                }
                // Every sampled entry was in use (or was used since we looked): sample further.
            }
            return false;
        } finally {
            sweepLock.unlock();
        }
    }

    /** Evicts up to {@link #batch} of the sampled candidates, oldest first; holds the sweep lock. */
    private boolean evictOldest(int candidates) {
        boolean freed = false;
        for (int round = 0; round < batch && candidates > 0; round++) {
            int oldest = 0;
            for (int i = 1; i < candidates; i++) {
                if (sample[i].lastUsed - sample[oldest].lastUsed < 0) {
                    oldest = i;
                }
            }
            Entry<K> victim = sample[oldest];
            long s = sampleStates[oldest];
            candidates--;
            sample[oldest] = sample[candidates];
            sampleStates[oldest] = sampleStates[candidates];
            sample[candidates] = null;
            if (victim.kill(s)) { // fails if used since we looked, or sampled twice
                evicted(victim, false);
                freed = true;
            }
        }
        return freed;
    }

    /** An amortised sweep step: evicts the idle entries among the next {@code count}; skips if busy. */
    private void step(int count) {
        if (!sweepLock.tryLock()) {
            return;
        }
        try {
            long now = clock.nanoTime();
            for (int i = 0; i < count; i++) {
                Entry<K> e = next();
                if (e == null) {
                    return;
                }
                long s = e.state;
                if (e.isIdle(s, now, idleNanos) && e.kill(s)) {
                    evicted(e, true);
                }
            }
        } finally {
            sweepLock.unlock();
        }
    }

    /** The next entry of the sweep round, restarting the round at the end; null if the map is empty. */
    private Entry<K> next() {
        if (cursor == null || !cursor.hasNext()) {
            cursor = map.values().iterator();
            if (!cursor.hasNext()) {
                return null;
            }
        }
        return cursor.next();
    }

    /** Ends a call: marks the entry used now and unpins it; may run a sweep step. */
    private void release(Entry<K> e) {
        e.unpin(clock.nanoTime());
        if (closed) {
            long s = e.state;
            if (Entry.pins(s) == 0 && e.kill(s)) {
                removed(e);
                closeLimiter(e.limiter);
            }
            return;
        }
        if ((++tick & (STEP_EVERY - 1)) == 0) {
            step(STEP);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("KeyedRateLimiter is closed");
        }
    }

    /** The killer of {@code e} finishes the eviction: out of the map, slot freed, counted, closed. */
    private void evicted(Entry<K> e, boolean idle) {
        removed(e);
        (idle ? idleEvictions : capacityEvictions).increment();
        closeLimiter(e.limiter);
    }

    private void removed(Entry<K> e) {
        if (map.remove(e.key, e)) { // false if a caller that found it DEAD removed it first
            reserved.decrementAndGet();
        }
    }

    private static void closeLimiter(RateLimiter limiter) {
        if (limiter instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception failure) {
                if (failure instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, failure);
            }
        }
    }

    /** Makes a key's entry, pinned, inside computeIfAbsent; remembers it so the caller knows it won. */
    private static final class Maker<K> implements Function<K, Entry<K>> {
        private final KeyedRateLimiter<K> owner;
        Entry<K> made;

        Maker(KeyedRateLimiter<K> owner) {
            this.owner = owner;
        }

        @Override
        public Entry<K> apply(K key) {
            RateLimiter limiter = owner.factory.apply(key);
            if (limiter == null) {
                throw new NullPointerException("factory returned null for key " + key);
            }
            made = new Entry<>(key, limiter, owner.clock.nanoTime());
            return made;
        }
    }

    /** A key's limiter and its use state; see the overview. */
    static final class Entry<K> {
        static final long DEAD = -1L;
        private static final long PIN = (1L << 32) + 1L;
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Entry.class, "state", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final K key;
        final RateLimiter limiter;
        /** Clock nanos at the end of the last call (or creation). */
        volatile long lastUsed;
        /** [uses : 32 | pins : 32] or DEAD. */
        volatile long state;

        /** Made pinned by its creator. */
        Entry(K key, RateLimiter limiter, long now) {
            this.key = key;
            this.limiter = limiter;
            this.lastUsed = now;
            this.state = PIN;
        }

        static int pins(long s) {
            return (int) s; // DEAD reads as -1
        }

        boolean pin() {
            for (;;) {
                long s = state;
                if (s == DEAD) {
                    return false;
                }
                if (STATE.compareAndSet(this, s, s + PIN)) {
                    return true;
                }
            }
        }

        void unpin(long now) {
            lastUsed = now; // before the pin goes: a sweeper that sees pins == 0 sees this time
            STATE.getAndAdd(this, -1L);
        }

        /** Idle in state {@code s} (read before this call reads lastUsed) at {@code now}. */
        boolean isIdle(long s, long now, long idleNanos) {
            return pins(s) == 0 && now - lastUsed >= idleNanos;
        }

        /** Marks the entry DEAD if it is still exactly in state {@code s} (unpinned, not used since). */
        boolean kill(long s) {
            return pins(s) == 0 && STATE.compareAndSet(this, s, DEAD);
        }
    }
}

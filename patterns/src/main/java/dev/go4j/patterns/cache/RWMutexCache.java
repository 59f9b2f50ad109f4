package dev.go4j.patterns.cache;

import dev.go4j.Go;
import dev.go4j.chan.Channel;
import dev.go4j.chan.ChannelClosedException;
import dev.go4j.chan.Select;
import dev.go4j.context.Context;
import dev.go4j.singleflight.SingleFlight;
import dev.go4j.time.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * The literal Go port of the TTL cache: a map under a read-write lock, expiry checked on read, and a
 * janitor goroutine that sweeps expired entries on a ticker until the cache is closed. Go:
 * <pre>{@code
 * type Cache struct {
 *     mu    sync.RWMutex
 *     items map[string]item          // item{value, expiration int64}
 *     stop  chan struct{}
 * }
 * func (c *Cache) Get(k string) (any, bool) { c.mu.RLock(); it, ok := c.items[k]; c.mu.RUnlock(); ... }
 * func (c *Cache) janitor(interval time.Duration) {
 *     t := time.NewTicker(interval); defer t.Stop()
 *     for { select { case <-t.C: c.DeleteExpired(); case <-c.stop: return } }
 * }
 * }</pre>
 * Build it with {@link Cache#builder()}{@code ...buildRWMutex()}. It is here to be read beside the Go and measured; ship
 * {@link ConcurrentTtlCache} (see {@code docs/cache.md}).
 *
 * <h2>Semantics</h2>
 * Those of {@link Cache}, and:
 * <ul>
 *   <li><b>Expiry</b> is checked on read (an expired entry reads as absent but stays in the map) and
 *       expired entries are removed by the janitor, which sweeps the whole map under the write lock
 *       every janitor interval (Go's {@code DeleteExpired}); {@link #size()} counts expired entries
 *       until then (Go's {@code ItemCount}).</li>
 *   <li><b>Loads</b> go through a {@link SingleFlight}, and the loader runs with no lock held. A
 *       {@code set} or {@code delete} of the key after the load started wins: the load's value is
 *       returned to its callers but not cached. A load that fails or returns null caches nothing.</li>
 *   <li><b>Maximum size</b> (if set): a write of a new key into a full map first evicts the entry
 *       written longest ago (FIFO by last write; with a single time to live, that is the entry closest
 *       to expiry). Reads do not reorder (they hold only the read lock), so this is not LRU. The bound
 *       holds at every instant: the check and the insert are under the same write lock.</li>
 *   <li>{@link #close()} closes the janitor's stop channel and waits until the janitor goroutine has
 *       returned: no sweep runs after {@code close} returns. Every other call then throws
 *       {@link IllegalStateException}.</li>
 * </ul>
 *
 * <p>Thread safety: every method may be called from any number of threads. Memory consistency effects:
 * those of the read-write lock — a {@code set} happens-before a {@code get} that sees its value.
 *
 * <p>Bad input: see {@link Cache}.
 *
 * @implNote A hit takes and releases the read lock (a {@link java.util.concurrent.locks.StampedLock}, not
 * reentrant, like Go's: two CASes on one shared state word — the same cache-line traffic as Go's {@code RWMutex.RLock}, an atomic
 * add on {@code readerCount}), so reads from many cores contend even though none waits. A write takes
 * the write lock; the janitor holds it for a whole sweep, O(map size), stalling every reader meanwhile.
 * A lock-striped (sharded) variant was measured and dropped: on 2 cores it won at 90/10 reads/writes
 * and lost at 50/50 ({@code docs/cache.md}).
 * @param <K> the key type (keys are compared with {@code equals}, as map keys)
 * @param <V> the value type
 * @since 0.1.0
 */
public final class RWMutexCache<K, V> implements Cache<K, V> {
    /* Implementation overview
     *
     * map: a RWMutexMap (LinkedHashMap in insertion order + StampedLock + the keys with a load in
     * flight).
     * janitor: a goroutine started in the constructor, ranging over a Ticker's channel and a stop
     * channel (Go's select loop); close() closes stop and joins the goroutine, so "no sweep after close
     * returns" holds. Why join rather than Go's bare close(stop): a Go program cannot tell when the
     * goroutine is gone; here close() promises the thread is released, and a test can check it.
     * Why a volatile closed flag checked on every call: use after close is a bug Go would not catch; the
     * read is uncontended (the flag is written once).
     */

    private final RWMutexMap<K, V> map;
    private final Expiry expiry;
    private final SingleFlight<K, V> flights = new SingleFlight<>();
    private final Loads<K> loads = new Loads<>();
    private final Channel<Boolean> stop = Channel.make();
    private final Thread janitor;
    private volatile boolean closed;

    RWMutexCache(Expiry expiry, int maximumSize, Duration janitorInterval) {
        this.expiry = expiry;
        this.map = new RWMutexMap<>(expiry, maximumSize);
        Ticker ticker = expiry.clock.newTicker(janitorInterval); // armed now: the first sweep is one interval away
        this.janitor = Go.go(() -> runJanitor(ticker));
    }

    // ---------------------------------------------------------------- Cache

    @Override
    public V get(K key) {
        Objects.requireNonNull(key, "key");
        checkOpen();
        return map.get(key);
    }

    @Override
    public void set(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        checkOpen();
        map.set(key, new Entry<>(value, expiry.defaultDeadline()));
    }

    @Override
    public void set(K key, V value, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        long ttlNanos = Expiry.ttlNanos(ttl, "ttl");
        checkOpen();
        map.set(key, new Entry<>(value, expiry.deadline(ttlNanos)));
    }

    @Override
    public boolean delete(K key) {
        Objects.requireNonNull(key, "key");
        checkOpen();
        return map.delete(key);
    }

    @Override
    public V getOrLoad(K key, Callable<? extends V> loader) throws ExecutionException, InterruptedException {
        Objects.requireNonNull(loader, "loader");
        V v = get(key);
        if (v != null) {
            return v;
        }
        loads.checkNotLoadingOnThisThread(key);
        return flights.doCall(key, () -> loads.run(key, () -> map.load(key, loader))).value();
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
        return flights.doCall(ctx, key, () -> loads.run(key, () -> map.load(key, loader))).value();
    }

    @Override
    public int size() {
        checkOpen();
        return map.size();
    }

    /**
     * Stops the janitor — closes its stop channel, as Go's {@code close(c.stop)} — and waits until its
     * goroutine has returned (a sweep in progress finishes first). Idempotent; an interrupt while
     * waiting is kept for the caller and the wait goes on.
     */
    @Override
    public void close() {
        closed = true;
        if (!stop.isClosed()) {
            try {
                stop.close();
            } catch (ChannelClosedException alreadyClosed) {
                // a concurrent close() won: it is closed, which is all we need
            }
        }
        boolean interrupted = false;
        while (janitor.isAlive()) {
            try {
                janitor.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Describes the cache.
     *
     * @return for example {@code RWMutexCache[janitor running]}
     */
    @Override
    public String toString() {
        return "RWMutexCache[" + (closed ? "closed" : "janitor running") + "]";
    }

    // ---------------------------------------------------------------- janitor

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("cache is closed");
        }
    }

    /** Go: {@code for { select { case <-t.C: c.DeleteExpired(); case <-c.stop: return } }}. */
    private void runJanitor(Ticker ticker) throws InterruptedException {
        try {
            Select<Boolean> tickOrStop = new Select<Boolean>()
                    .onReceive(ticker.c(), tick -> {
                        sweep();
                        return true;
                    })
                    .onReceive(stop, closedSignal -> false);
            while (tickOrStop.run()) {
                // one sweep per tick; a tick that comes while sweeping waits in the channel's slot
            }
        } finally {
            ticker.stop();
        }
    }

    /** Removes every expired entry under the write lock. Go: {@code DeleteExpired}. */
    void sweep() {
        map.deleteExpired();
    }

    /** Entries in the maps (expired ones included), without the closed check; for stress tests. */
    int held() {
        return map.size();
    }

    /** The janitor goroutine; for tests. */
    Thread janitor() {
        return janitor;
    }
}

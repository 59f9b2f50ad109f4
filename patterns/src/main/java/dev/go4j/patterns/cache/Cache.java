package dev.go4j.patterns.cache;

import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * An in-memory key-value cache whose entries expire a time to live after they were set. Go: the
 * "cache with TTL" every Go backend writes — a {@code map[K]item} under a {@code sync.RWMutex}, expiry
 * checked on read, a janitor goroutine sweeping on a ticker — with loads deduplicated by
 * {@code singleflight}. Every flavour of go4j passes the same contract, so they can be swapped.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>An entry set at instant {@code t} with time to live {@code ttl} is visible through
 *       {@link #get} until {@code t + ttl} and never from {@code t + ttl} on (expiry exactly at the
 *       deadline). Setting a key again replaces its value and restarts its time to live.</li>
 *   <li>{@link #getOrLoad} returns the live value, or runs the loader — at most one load per key at a
 *       time, however many callers ask, and never inside a lock that other keys need — and caches its
 *       result. A load that fails (or returns null) is not cached, and its failure reaches every caller
 *       that waited for it. A loader must not load its own key: on its own thread that throws
 *       {@link IllegalStateException} ("Recursive load", where Go deadlocks); through another thread
 *       it waits forever, as in Go. A {@link #set} or {@link #delete} of the key after a load started wins over
 *       the load: its callers still get the loaded value, but it is not cached (so an invalidation
 *       during a load is never undone by the load's older data).</li>
 *   <li>{@link #size()} counts the entries held, which may include expired entries that have not been
 *       removed yet (Go's {@code ItemCount}); a flavour says when it removes them.</li>
 *   <li>{@link #close()} releases what the cache owns (its janitor goroutine); every later call other
 *       than {@code close} throws {@link IllegalStateException}. Closing twice is allowed.</li>
 * </ul>
 *
 * <p>Thread safety: every implementation is safe for use by any number of threads. Memory consistency
 * effects: actions in a thread before {@code set(k, v)} happen-before actions after a {@code get(k)}
 * that returns {@code v}, and a loader's actions happen-before every {@code getOrLoad} returns its
 * value.
 *
 * <p>Bad input: a null key, value, loader or context throws {@link NullPointerException} naming it;
 * a zero or negative time to live throws {@link IllegalArgumentException}.
 *
 * <p>Example — build one, set, get, and load through it:
 * {@snippet class=dev.go4j.patterns.cache.CacheSnippets region=build}
 *
 * @param <K> the key type
 * @param <V> the value type
 * @since 0.1.0
 */
public interface Cache<K, V> extends AutoCloseable {

    /**
     * A builder for the go4j caches: {@code Cache.builder().defaultTtl(ttl).build()} makes the one to
     * ship ({@link ConcurrentTtlCache}); {@link CacheBuilder#buildRWMutex()} makes the literal Go port.
     * Go: {@code cache.New(defaultExpiration, cleanupInterval)}.
     *
     * @return a new builder, with no default time to live yet
     */
    static CacheBuilder builder() {
        return new CacheBuilder();
    }

    /**
     * The live value for {@code key}. Go: {@code v, ok := c.Get(k)}, with null for {@code !ok}.
     *
     * @param key the key
     * @return the value, or null if the key is absent or its entry has expired
     * @throws NullPointerException if {@code key} is null
     * @throws IllegalStateException if the cache is closed
     */
    V get(K key);

    /**
     * Sets {@code key} to {@code value} with the cache's default time to live. Go: {@code c.Set(k, v)}.
     *
     * @param key the key
     * @param value the value
     * @throws NullPointerException if {@code key} or {@code value} is null
     * @throws IllegalStateException if the cache is closed
     */
    void set(K key, V value);

    /**
     * Sets {@code key} to {@code value}, expiring {@code ttl} from now. Go: {@code c.Set(k, v, ttl)}.
     *
     * @param key the key
     * @param value the value
     * @param ttl the time to live, positive; longer than about 146 years is taken as 146 years (so
     *        {@code Duration.ofSeconds(Long.MAX_VALUE)} means "never", without overflow)
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code ttl} is zero or negative
     * @throws IllegalStateException if the cache is closed
     */
    void set(K key, V value, Duration ttl);

    /**
     * Removes {@code key}. Go: {@code c.Delete(k)}.
     *
     * @param key the key
     * @return true if a live entry was removed
     * @throws NullPointerException if {@code key} is null
     * @throws IllegalStateException if the cache is closed
     */
    boolean delete(K key);

    /**
     * The live value for {@code key}, loading and caching it (with the default time to live) if it is
     * absent or expired. Concurrent callers for one key share one load (Go:
     * {@code singleflight.Group.Do}); the load runs on the calling thread of the first of them.
     *
     * @param key the key
     * @param loader computes the value; must not return null
     * @return the cached or loaded value
     * @throws ExecutionException if the load failed (its failure is the cause, a
     *         {@link NullPointerException} if the loader returned null); nothing is cached
     * @throws InterruptedException if interrupted while waiting for another caller's load
     * @throws NullPointerException if {@code key} or {@code loader} is null
     * @throws IllegalStateException if the cache is closed; or, with a message that starts
     *         {@code "Recursive load"}, if this is a loader asking for its own key on its own thread
     *         while it is not cached (directly or through the loaders of other keys), which would wait
     *         for itself forever (Go: a deadlock)
     */
    V getOrLoad(K key, Callable<? extends V> loader) throws ExecutionException, InterruptedException;

    /**
     * As {@link #getOrLoad(Object, Callable)}, but waits for another caller's load at most until
     * {@code ctx} is done; the load itself goes on for the callers still waiting.
     *
     * @param ctx bounds the wait
     * @param key the key
     * @param loader computes the value; must not return null
     * @return the cached or loaded value
     * @throws ExecutionException if the load failed (its failure is the cause, a
     *         {@link NullPointerException} if the loader returned null); nothing is cached
     * @throws InterruptedException if interrupted while waiting for another caller's load
     * @throws ContextException the context's error, if it is done first
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if the cache is closed, or for a recursive load, as
     *         {@link #getOrLoad(Object, Callable)}
     */
    V getOrLoad(Context ctx, K key, Callable<? extends V> loader) throws ExecutionException, InterruptedException;

    /**
     * The number of entries held, including expired ones not removed yet. Go: {@code c.ItemCount()}.
     *
     * @return the entry count
     * @throws IllegalStateException if the cache is closed
     */
    int size();

    /**
     * Stops the janitor (if any) and releases its thread; the cache can no longer be used. Go: closing
     * the janitor's stop channel. Idempotent.
     */
    @Override
    void close();
}

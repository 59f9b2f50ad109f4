package dev.go4j.patterns.cache;

import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which thread is loading which key, so that a loader that asks the cache for its own key on its own
 * thread fails at once instead of waiting for itself forever (Go: a {@code singleflight.Do} inside its
 * own function deadlocks; Caffeine throws "Recursive update"). Shared by the cache flavours; the check
 * is the cache's own, whatever the flight group does.
 */
final class Loads<K> {
    /* Implementation overview
     *
     * loaders: key -> the thread running the load of that key. The flight group runs one load per key
     * at a time, and a load's body (including the finally that unregisters it) ends before the group
     * lets the next load of the key start, so there is at most one thread per key; remove(key, me)
     * only ever removes our own registration all the same. A load of key A whose loader loads B on
     * the same thread registers both, so a cycle A -> B -> A on one thread is caught too. A cycle
     * through other threads (a loader that waits for a thread that loads its key) is not: as in Go, it
     * waits forever.
     */

    private final ConcurrentHashMap<K, Thread> loaders = new ConcurrentHashMap<>();

    /**
     * Throws if the calling thread is running the load of {@code key}.
     *
     * @throws IllegalStateException naming the key: the call would wait for its own load
     */
    void checkNotLoadingOnThisThread(K key) {
        if (loaders.get(key) == Thread.currentThread()) {
            throw new IllegalStateException("Recursive load: the loader of key " + key
                    + " called getOrLoad for the same key on its own thread; it would wait for itself forever"
                    + " (in Go, a deadlock)");
        }
    }

    /** Runs the load of {@code key} on the calling thread, registered as that key's loader meanwhile. */
    <V> V run(K key, Callable<V> load) throws Exception {
        Thread me = Thread.currentThread();
        loaders.put(key, me);
        try {
            return load.call();
        } finally {
            loaders.remove(key, me);
        }
    }
}

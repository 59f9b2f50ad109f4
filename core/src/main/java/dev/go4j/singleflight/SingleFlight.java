package dev.go4j.singleflight;

import dev.go4j.Go;
import dev.go4j.chan.Channel;
import dev.go4j.chan.ReceiveChannel;
import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Suppresses duplicate work: concurrent calls for the same key share one execution of the function and
 * its result. Go's {@code golang.org/x/sync/singleflight.Group}.
 *
 * <p>Semantics (Go's): {@link #doCall(Object, Callable) doCall(key, fn)} (Go's {@code Do}; Java reserves
 * the name {@code do}) runs {@code fn} in the calling thread unless a call for {@code key} is already in
 * flight, in which case it waits for that call and returns its result. The {@link Result} says whether
 * the value was given to more than one caller ({@link Result#shared()}, Go's {@code shared}). Once a
 * flight completes, its key is free: the next call runs {@code fn} again — this is no cache.
 * {@link #doChan(Object, Callable) doChan} is the asynchronous form (Go's {@code DoChan}): the function
 * runs in a new virtual thread and the result arrives on a channel of capacity one.
 * {@link #forget(Object) forget(key)} makes the next call for {@code key} run anew even while a flight
 * is in progress; the callers already waiting for that flight still get its result. A flight only ever
 * removes its own entry, so the completion of a forgotten flight never disturbs a newer one.
 *
 * <p>Failures: every {@link Throwable} the function throws — checked, unchecked or an {@code Error}, as
 * Go passes errors and re-panics panics in every waiter — reaches every caller of the flight:
 * {@code doCall} throws a new {@link ExecutionException} per caller whose
 * {@linkplain ExecutionException#getCause() cause} is the function's exception, the same instance for
 * all; {@code doChan} delivers a {@link Result} whose {@link Result#error()} is that exception.
 *
 * <p>Giving up: {@link #doCall(Context, Object, Callable) doCall(ctx, key, fn)} waits at most until
 * {@code ctx} is done; a caller that gives up (context or interrupt) only stops waiting — the function
 * runs on in its own virtual thread and the other callers still get its result. Nothing here cancels
 * the function: give it a context of its own if it should stop.
 *
 * <p>Thread safety: every method may be called from any number of threads. Memory consistency effects:
 * the actions of the function happen-before every caller of its flight returns its result (or
 * receives it from the channel).
 *
 * <p>Bad input and misuse: a null key, function or context throws {@link NullPointerException} naming
 * it. A {@code doCall} for a key from inside the function of that key's flight, on the thread running
 * it — directly or through other keys — would wait for itself forever (Go deadlocks); it throws
 * {@link IllegalStateException} instead, as {@link dev.go4j.sync.Once#run} does for the same misuse.
 * A cycle that crosses threads (a {@code doCall(ctx, ...)} flight, whose function runs in its own
 * thread, waiting on a flight that waits on it) is not detected: bound such waits by a context.
 *
 * <p>Example — one database read per key however many requests miss the cache at once:
 * {@snippet class=dev.go4j.singleflight.SingleFlightSnippets region=doCall}
 * and the asynchronous form, bounded by a context:
 * {@snippet class=dev.go4j.singleflight.SingleFlightSnippets region=doChan}
 *
 * @param <K> the key type; keys are compared with {@code equals}, as map keys
 * @param <V> the result type; the function may return null
 * @implNote A {@link ConcurrentHashMap} from key to flight, used only through {@code get},
 * {@code putIfAbsent} and {@code remove(key, flight)} — the function never runs inside a map lock (no
 * {@code computeIfAbsent}), so a slow function never blocks other keys of the same bin. Joining a flight
 * is one map read and one CAS; waiting allocates one node and parks until the leader unparks it (no
 * polling). A flight costs one map entry, one flight object and its result; {@code doCall} without a
 * context runs the function in the caller's thread, as Go does.
 * @since 0.1.0
 */
public final class SingleFlight<K, V> {
    /* Implementation overview
     *
     * doCall(key, fn):
     *   c = map.get(key)
     *   c == null: putIfAbsent(key, mine) wins -> leader: run fn, remove(key, mine), seal, complete
     *              loses                      -> join the winner's flight
     *   join: c.join() CAS dups + 1 unless sealed -> wait for c; sealed -> the flight is over: retry
     *
     * The leader removes its entry before sealing, so a sealed flight is never found in the map again
     * and the retry cannot spin. remove(key, mine) compares by identity: after forget(key) and a new
     * flight for key, the old leader's remove does nothing (Go: if g.m[key] == c { delete(g.m, key) }).
     */

    private final ConcurrentHashMap<K, Call<V>> calls = new ConcurrentHashMap<>();

    /** Creates a group with no flights: Go's zero {@code singleflight.Group{}}. */
    public SingleFlight() {}

    /**
     * The outcome of a flight, as one caller sees it: Go's {@code singleflight.Result}, and the three
     * results of {@code Do}.
     *
     * @param <V> the value type
     * @param value the function's result (may be null); null if it failed
     * @param error the function's exception, or null if it returned normally
     * @param shared whether the result was given to more than one caller (Go's {@code shared})
     * @since 0.1.0
     */
    public record Result<V>(V value, Throwable error, boolean shared) {
        /**
         * The value, or the failure wrapped as {@link java.util.concurrent.Future#get()} does it.
         *
         * @return the value, possibly null
         * @throws ExecutionException if the function failed; its cause is {@link #error()}
         */
        public V get() throws ExecutionException {
            if (error != null) {
                throw new ExecutionException(error);
            }
            return value;
        }
    }

    /**
     * Runs {@code fn} for {@code key} in this thread, or waits for the flight already running for it, and
     * returns the result. Go: {@code v, err, shared := g.Do(key, fn)}.
     *
     * @param key the key, not null
     * @param fn the function, not null; it runs in this thread if this call leads the flight
     * @return the value and whether it was shared; {@link Result#error()} is null
     * @throws ExecutionException if the flight's function failed: its cause is the function's exception,
     *         the same instance for every caller of the flight
     * @throws InterruptedException if interrupted while waiting for another caller's flight (the flight
     *         goes on)
     * @throws NullPointerException if {@code key} or {@code fn} is null
     * @throws IllegalStateException if this thread is running the function of the flight for
     *         {@code key}: the call would wait for itself
     */
    public Result<V> doCall(K key, Callable<? extends V> fn) throws ExecutionException, InterruptedException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fn, "fn");
        for (;;) {
            Call<V> c = calls.get(key);
            if (c == null) {
                Call<V> mine = new Call<>();
                c = calls.putIfAbsent(key, mine);
                if (c == null) {
                    execute(key, mine, fn);
                    return unwrap(mine.result(true));
                }
            }
            refuseRecursion(key, c);
            if (c.join()) {
                return unwrap(c.await(null, false));
            }
            // sealed: that flight is over and out of the map; look again
        }
    }

    /**
     * Like {@link #doCall(Object, Callable)}, but waits at most until {@code ctx} is done, and runs a new
     * flight's function in a new virtual thread so that giving up leaves it running for the others. Go:
     * {@code select { case r := <-g.DoChan(key, fn): ...; case <-ctx.Done(): return ctx.Err() }}.
     *
     * @param ctx the context that bounds the wait, not null; a done context throws at once and starts
     *        nothing
     * @param key the key, not null
     * @param fn the function, not null
     * @return the value and whether it was shared
     * @throws ContextException the context's error if it is or becomes done before the result arrives
     * @throws ExecutionException if the flight's function failed (see {@link #doCall(Object, Callable)})
     * @throws InterruptedException if interrupted while waiting (the flight goes on)
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if this thread is running the function of the flight for
     *         {@code key}: the call would wait for itself
     */
    public Result<V> doCall(Context ctx, K key, Callable<? extends V> fn) throws ExecutionException, InterruptedException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fn, "fn");
        ContextException err = ctx.err();
        if (err != null) {
            throw err;
        }
        for (;;) {
            Call<V> c = calls.get(key);
            if (c == null) {
                Call<V> mine = new Call<>();
                c = calls.putIfAbsent(key, mine);
                if (c == null) {
                    launch(key, mine, fn);
                    return unwrap(mine.await(ctx, true));
                }
            }
            refuseRecursion(key, c);
            if (c.join()) {
                return unwrap(c.await(ctx, false));
            }
        }
    }

    /**
     * Starts or joins the flight for {@code key} without blocking; the result arrives on the returned
     * channel, which holds one value and is never closed. Go: {@code ch := g.DoChan(key, fn)}. A new
     * flight's function runs in a new virtual thread. A caller that stops listening leaves the flight
     * running; its result then waits in the channel's buffer, as in Go.
     *
     * @param key the key, not null
     * @param fn the function, not null
     * @return a channel of capacity one that receives the {@link Result}, with its failure if any
     * @throws NullPointerException if {@code key} or {@code fn} is null
     */
    public ReceiveChannel<Result<V>> doChan(K key, Callable<? extends V> fn) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fn, "fn");
        Channel<Result<V>> ch = Channel.make(1);
        for (;;) {
            Call<V> c = calls.get(key);
            if (c == null) {
                Call<V> mine = new Call<>();
                c = calls.putIfAbsent(key, mine);
                if (c == null) {
                    mine.deliverTo(ch, true);
                    launch(key, mine, fn);
                    return ch;
                }
            }
            if (c.join()) {
                c.deliverTo(ch, false);
                return ch;
            }
        }
    }

    /**
     * Forgets the flight for {@code key}, if any: the next call for it runs the function anew, while the
     * callers of the forgotten flight still get its result. Go: {@code g.Forget(key)}.
     *
     * @param key the key, not null
     * @throws NullPointerException if {@code key} is null
     */
    public void forget(K key) {
        Objects.requireNonNull(key, "key");
        calls.remove(key);
    }

    /**
     * Returns a description such as {@code "SingleFlight[inFlight=3]"}; for diagnostics only.
     *
     * @return the number of keys with a flight in progress
     */
    @Override
    public String toString() {
        return "SingleFlight[inFlight=" + calls.size() + "]";
    }

    // ---------------------------------------------------------------- internals

    /** The number of callers that joined the flight for {@code key} (-1 if none or over), for tests. */
    int joined(K key) {
        Call<V> c = calls.get(key);
        return c == null ? -1 : c.dups();
    }

    /** Runs the flight in a new virtual thread; a thread that cannot start fails the flight. */
    private void launch(K key, Call<V> call, Callable<? extends V> fn) {
        try {
            Go.go(() -> execute(key, call, fn));
        } catch (Throwable notStarted) { // e.g. OutOfMemoryError: fail the flight rather than hang it
            finish(key, call, null, notStarted);
        }
    }

    /** The leader's part: run the function, then end the flight. Never throws. */
    private void execute(K key, Call<V> call, Callable<? extends V> fn) {
        V value = null;
        Throwable error = null;
        call.runner = Thread.currentThread();
        try {
            value = fn.call();
        } catch (Throwable t) {
            error = t;
        } finally {
            call.runner = null;
        }
        finish(key, call, value, error);
    }

    private void finish(K key, Call<V> call, V value, Throwable error) {
        calls.remove(key, call); // only our own entry: after forget, a newer flight may own the key
        call.complete(value, error, call.seal());
    }

    /**
     * Throws if this thread is running the function of flight {@code c}: waiting for it would wait
     * for itself (Go deadlocks; Caffeine throws "Recursive update").
     */
    private static void refuseRecursion(Object key, Call<?> c) {
        if (c.runner == Thread.currentThread()) {
            throw new IllegalStateException("singleflight: Do called for key " + key
                    + " from the function of its own flight (in Go, a deadlock)");
        }
    }

    private static <V> Result<V> unwrap(Result<V> r) throws ExecutionException {
        if (r.error() != null) {
            throw new ExecutionException(r.error());
        }
        return r;
    }
}

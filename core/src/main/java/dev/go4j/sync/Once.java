package dev.go4j.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * An action performed exactly once, however many threads ask for it: Go's {@code sync.Once}, with
 * Go 1.21's {@link #onceFunc OnceFunc}, {@link #onceValue OnceValue} and {@link #onceValues OnceValues}
 * as static factories.
 *
 * <p>Semantics (Go's): the first call of {@link #run(CheckedRunnable) run(f)} calls {@code f}; every
 * later call returns without calling the function it is given, even a different one (Go's
 * {@code once.Do(f)}; Java reserves the name {@code do}). No call returns before that one {@code f} has
 * returned: concurrent callers block until it has. A failure counts as done, as Go considers a panicking
 * {@code f} to have returned: the exception reaches the first caller only, and later calls return
 * normally without calling anything — use {@link #onceValues onceValues} to have the failure replayed
 * to every caller, or a lock of your own for an initialization that may be retried. Waiting is not
 * interruptible (as in Go, and as class initialization); a waiter that is interrupted keeps waiting and
 * returns with its interrupt status set.
 *
 * <p>Zero state and reuse: a new {@code Once} has not run. It cannot be reset; make a new one.
 *
 * <p>Thread safety: every method may be called from any number of threads, platform or virtual.
 * Memory consistency effects: the return (or failure) of {@code f} in the first call happens-before the
 * return of every call of {@code run} on the same {@code Once} (Go: "the return from f synchronizes
 * before the return from any call of once.Do(f)"); the same holds for the functions returned by the
 * factories.
 *
 * <p>Misuse: a null function throws {@link NullPointerException}. If {@code f} calls {@code run} on the
 * same {@code Once}, Go deadlocks; here the inner call throws {@link IllegalStateException} with
 * {@code "sync: Once.Do called from its own function (in Go, a deadlock)"}. Another thread that
 * {@code f} waits for and that calls {@code run} on the same {@code Once} still deadlocks, as in Go.
 *
 * <p>Example — lazy initialization shared by all callers:
 * {@snippet class=dev.go4j.sync.OnceSnippets region=once}
 *
 * @implNote One volatile reference and no lock (16 bytes per {@code Once}): {@code null} before the
 * first call, then the thread running {@code f} with a stack of the threads waiting for it, then a
 * shared {@code DONE} marker. A call after completion is one volatile read — a plain load on x86 and
 * ARM, like Go's {@code atomic.Load}. The first call allocates nothing: one CAS installs its thread,
 * one atomic swap installs {@code DONE}. A call that has to wait allocates one node, pushes it with a
 * CAS and parks until the runner unparks it (no spinning, one wake-up per waiter).
 * @since 0.1.0
 */
public final class Once {
    /* Implementation overview
     *
     * state: null    -- the first caller CASes in its own Thread ----> Thread (running, no waiter)
     *        Thread  -- the first waiter CASes a node on top ---------> Node(waiter, runner, null)
     *        Node    -- each further waiter CASes a node on top ------> Node(waiter) -> ... -> Node
     *        any     -- the runner, after f, swaps in ----------------> DONE, and unparks the nodes
     *
     * Go guards f with a Mutex and sets an atomic flag after it; here the state word is both the flag
     * and the queue of blocked callers (a Treiber stack, as in FutureTask), so a Once is one field and a
     * completed Once never touches a lock. The swap to DONE is a volatile write after f: a caller that
     * reads DONE sees everything f did. The running state carries the runner thread (as the state
     * itself, then in every node), so a call from inside f is recognised at once instead of parking
     * forever, and an uncontended first call allocates nothing.
     */

    private static final Object DONE = new Object();
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Once.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * null (not run), the running {@link Thread} (no waiter yet), a {@link Node} (running; the top of
     * the waiter stack) or {@link #DONE}.
     */
    private volatile Object state;

    /** Creates a {@code Once} that has not run: Go's zero {@code sync.Once}. */
    public Once() {}

    /**
     * A function for {@link Once#run(CheckedRunnable)}: a {@link Runnable} that may throw the checked
     * exception {@code X} (a lambda that throws none infers {@link RuntimeException}).
     *
     * @param <X> the checked exception it may throw
     * @since 0.1.0
     */
    @FunctionalInterface
    public interface CheckedRunnable<X extends Exception> {
        /**
         * Runs the function.
         *
         * @throws X its failure
         */
        void run() throws X;
    }

    /**
     * A function for {@link Once#onceValues(CheckedSupplier)}: a {@link Supplier} that may throw the
     * checked exception {@code X} — Java's form of a Go function returning {@code (T, error)}.
     *
     * @param <T> the value it returns
     * @param <X> the checked exception it may throw
     * @since 0.1.0
     */
    @FunctionalInterface
    public interface CheckedSupplier<T, X extends Exception> {
        /**
         * Computes the value.
         *
         * @return the value, possibly null
         * @throws X its failure
         */
        T get() throws X;
    }

    /**
     * Calls {@code f} if and only if this is the first call of {@code run} on this {@code Once}; waits
     * for that first call to finish otherwise. Go: {@code once.Do(f)}.
     *
     * @param <X> the checked exception {@code f} may throw
     * @param f the function; called at most once per {@code Once}, by the first caller, in its thread
     * @throws X what {@code f} throws, to the first caller only; the {@code Once} is done all the same
     * @throws NullPointerException if {@code f} is null
     * @throws IllegalStateException if called from inside {@code f} on the same {@code Once} (Go
     *         deadlocks)
     */
    public <X extends Exception> void run(CheckedRunnable<X> f) throws X {
        Objects.requireNonNull(f, "f");
        if (state != DONE) {
            runSlow(f);
        }
    }

    /** Whether the first call has returned or failed; for {@link OnceCell}'s fast path and tests. */
    boolean isDone() {
        return state == DONE;
    }

    private <X extends Exception> void runSlow(CheckedRunnable<X> f) throws X {
        Thread me = Thread.currentThread();
        for (;;) {
            Object s = state;
            if (s == DONE) {
                return;
            }
            if (s == null) {
                if (STATE.compareAndSet(this, null, me)) {
                    runAndRelease(f);
                    return;
                }
                continue; // lost the race to another first caller: wait for it
            }
            Node top = s instanceof Node n ? n : null;
            Thread runner = top != null ? top.runner : (Thread) s;
            if (runner == me) {
                throw new IllegalStateException("sync: Once.Do called from its own function (in Go, a deadlock)");
            }
            if (STATE.compareAndSet(this, s, new Node(me, runner, top))) {
                awaitDone();
                return;
            }
            // the stack changed (another waiter, or DONE): look again
        }
    }

    private <X extends Exception> void runAndRelease(CheckedRunnable<X> f) throws X {
        try {
            f.run();
        } finally {
            // A failure counts as done (Go: "if f panics, Do considers it to have returned").
            Object s = STATE.getAndSet(this, DONE);
            for (Node n = s instanceof Node top ? top : null; n != null; n = n.next) {
                LockSupport.unpark(n.thread);
            }
        }
    }

    /** Parks until the runner is done; uninterruptible, keeping the interrupt status. */
    private void awaitDone() {
        boolean interrupted = false;
        while (state != DONE) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted(); // clear it, or park would return at once
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A thread blocked in the first call, with the thread running it. Immutable. */
    private static final class Node {
        final Thread thread;
        final Thread runner;
        final Node next;

        Node(Thread thread, Thread runner, Node next) {
            this.thread = thread;
            this.runner = runner;
            this.next = next;
        }
    }

    // ---------------------------------------------------------------- Go 1.21's function forms

    /**
     * Returns a function that calls {@code f} only once: Go's {@code sync.OnceFunc(f)}. The returned
     * function may be called concurrently; every call waits until {@code f} has returned. If {@code f}
     * throws, every call of the returned function throws that same exception instance, the first one
     * included (Go replays the panic value on every call).
     *
     * <p>Example:
     * {@snippet class=dev.go4j.sync.OnceSnippets region=onceFunc}
     *
     * @param f the function to call once; released (no longer referenced) once called
     * @return a function that calls {@code f} on its first call and does nothing, or rethrows
     *         {@code f}'s failure, afterwards
     * @throws NullPointerException if {@code f} is null
     */
    public static Runnable onceFunc(Runnable f) {
        Objects.requireNonNull(f, "f");
        OnceCell<Object> cell = new OnceCell<>(() -> {
            f.run();
            return null;
        });
        return cell::get;
    }

    /**
     * Returns a supplier that calls {@code f} only once and returns its value on every call: Go's
     * {@code sync.OnceValue(f)}. The returned supplier may be called concurrently; every call waits
     * until {@code f} has returned. If {@code f} throws, every call throws that same exception instance
     * (Go replays the panic value on every call). The supplier is the thread-safe lazy value of Java's
     * holder idiom, for an instance rather than a class.
     *
     * <p>Example:
     * {@snippet class=dev.go4j.sync.OnceSnippets region=onceValue}
     *
     * @param <T> the value's type
     * @param f computes the value (which may be null); released (no longer referenced) once called
     * @return a supplier of {@code f}'s one value
     * @throws NullPointerException if {@code f} is null
     */
    public static <T> Supplier<T> onceValue(Supplier<? extends T> f) {
        Objects.requireNonNull(f, "f");
        OnceCell<T> cell = new OnceCell<>(f::get);
        return cell::get;
    }

    /**
     * Returns a function that calls {@code f} only once and then returns its value, or throws its
     * exception, on every call: Go's {@code sync.OnceValues(f)}, where {@code f} returns a value and an
     * error — in Java a value or a (checked) exception. The returned function may be called
     * concurrently; every call waits until {@code f} has returned. A failure is not retried: every call
     * throws the same exception instance, as every call of Go's returns the same error.
     *
     * <p>Example:
     * {@snippet class=dev.go4j.sync.OnceSnippets region=onceValues}
     *
     * @param <T> the value's type
     * @param <X> the checked exception {@code f} may throw
     * @param f computes the value (which may be null) or fails; released (no longer referenced) once
     *        called
     * @return a function that returns {@code f}'s one value or throws its one failure
     * @throws NullPointerException if {@code f} is null
     */
    public static <T, X extends Exception> CheckedSupplier<T, X> onceValues(CheckedSupplier<? extends T, ? extends X> f) {
        Objects.requireNonNull(f, "f");
        OnceCell<T> cell = new OnceCell<>(f);
        return cell::get;
    }
}

package dev.go4j.singleflight;

import dev.go4j.chan.SendChannel;
import dev.go4j.context.Context;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One flight of a {@link SingleFlight}: Go's {@code call} struct — the result, the number of callers
 * that joined, and the callers waiting for it, who park until the leader completes it.
 */
final class Call<V> {
    /* Implementation overview
     *
     * dups:     the number of callers that joined (Go's c.dups); join() increments it by CAS unless it
     *           is SEALED. The leader seals it after taking the flight out of the map, so a caller that
     *           found the flight in the map either joined before the seal (it is counted in the
     *           leader's shared flag and gets the result) or sees SEALED and looks the key up again,
     *           where it finds a newer flight or nothing.
     * waiters:  a Treiber stack of nodes (a parked thread, or a DoChan channel); complete() swaps it
     *           for DONE and serves each node once. A node pushed after DONE is refused and its owner
     *           reads the result at once. The results are written before the swap (a volatile write),
     *           so whoever sees DONE sees them.
     * A thread that gives up (context or interrupt) leaves its node on the stack: the leader may later
     * unpark a thread that has moved on — a spurious wake-up, which every park loop tolerates.
     */

    private static final int SEALED = -1;
    private static final Node<?> DONE = new Node<>(null, null, false);
    private static final VarHandle DUPS;
    private static final VarHandle WAITERS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            DUPS = l.findVarHandle(Call.class, "dups", int.class);
            WAITERS = l.findVarHandle(Call.class, "waiters", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The thread running the function while it runs, else null: a call for the same key from that
     * thread would wait for itself.
     */
    volatile Thread runner;
    private volatile int dups;
    private volatile Node<V> waiters;
    /** Written once before {@link #waiters} becomes DONE. */
    private SingleFlight.Result<V> leaderResult;
    private SingleFlight.Result<V> sharedResult;

    /** Counts the caller in as a duplicate; false if the flight is over (sealed). */
    boolean join() {
        for (;;) {
            int d = dups;
            if (d == SEALED) {
                return false;
            }
            if (DUPS.weakCompareAndSet(this, d, d + 1)) {
                return true;
            }
        }
    }

    /** The number of callers that joined, for tests; -1 once sealed. */
    int dups() {
        return dups;
    }

    /** Ends the joining; returns whether anyone joined (Go's {@code c.dups > 0}). */
    boolean seal() {
        return (int) DUPS.getAndSet(this, SEALED) > 0;
    }

    /** Publishes the result and serves every waiter once. */
    @SuppressWarnings("unchecked")
    void complete(V value, Throwable error, boolean shared) {
        sharedResult = new SingleFlight.Result<>(value, error, true);
        leaderResult = shared ? sharedResult : new SingleFlight.Result<>(value, error, false);
        Node<V> n = (Node<V>) WAITERS.getAndSet(this, (Node<V>) DONE);
        for (; n != null; n = n.next) {
            n.fire(this);
        }
    }

    boolean isDone() {
        return waiters == DONE;
    }

    /** The result for the leader or a joiner; only after {@link #isDone()}. */
    SingleFlight.Result<V> result(boolean leader) {
        return leader ? leaderResult : sharedResult;
    }

    /** Delivers the result to {@code ch} when the flight completes (at once if it has). */
    void deliverTo(SendChannel<SingleFlight.Result<V>> ch, boolean leader) {
        Node<V> node = new Node<>(null, ch, leader);
        if (!push(node)) {
            node.fire(this);
        }
    }

    /**
     * Waits for the result; {@code ctx} (may be null) bounds the wait. Giving up leaves the flight
     * running for the others.
     */
    SingleFlight.Result<V> await(Context ctx, boolean leader) throws InterruptedException {
        if (!isDone()) {
            Node<V> node = new Node<>(Thread.currentThread(), null, leader);
            if (push(node)) {
                Context.StopFunc stop = ctx == null ? null : Context.afterFunc(ctx, node::wake);
                try {
                    while (!isDone()) {
                        if (ctx != null && ctx.err() != null) {
                            throw ctx.err();
                        }
                        if (Thread.interrupted()) {
                            throw new InterruptedException();
                        }
                        LockSupport.park(this);
                    }
                } finally {
                    node.thread = null; // a late fire() then unparks nobody
                    if (stop != null) {
                        stop.stop();
                    }
                }
            }
        }
        return result(leader);
    }

    private boolean push(Node<V> node) {
        for (;;) {
            Node<V> h = waiters;
            if (h == DONE) {
                return false;
            }
            node.next = h;
            if (WAITERS.compareAndSet(this, h, node)) {
                return true;
            }
        }
    }

    /** A waiter: a parked thread, or a channel of capacity one (Go's DoChan). */
    private static final class Node<V> {
        volatile Thread thread;
        final SendChannel<SingleFlight.Result<V>> channel;
        final boolean leader;
        Node<V> next;

        Node(Thread thread, SendChannel<SingleFlight.Result<V>> channel, boolean leader) {
            this.thread = thread;
            this.channel = channel;
            this.leader = leader;
        }

        void wake() {
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }

        void fire(Call<V> call) {
            if (channel != null) {
                channel.trySend(call.result(leader)); // capacity one, one send: never full
            } else {
                wake();
            }
        }
    }
}

package dev.go4j.chan;

import dev.go4j.internal.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Waits on several channel operations and performs exactly one: Go's {@code select} statement.
 *
 * <p>Build the cases, then {@link #run()}; the action of the case that fired runs on the calling
 * thread and its result is returned. Line by line:
 * <pre>{@code
 * select {                                 new Select<String>()
 * case v := <-in:                            .onReceive(in, v -> "got " + v)     // v == null: in is closed
 * case out <- x:                             .onSend(out, x, () -> "sent")
 * case <-time.After(time.Second):            .onTimeout(Duration.ofSeconds(1), () -> "timeout")
 * default:                                   .orDefault(() -> "nothing ready")
 * }                                          .run();
 * }</pre>
 *
 * <h2>Semantics (the Go spec's)</h2>
 * <ul>
 *   <li>Exactly one case fires. If several are ready, one is chosen uniformly at random, so a select
 *       loop never starves a case.</li>
 *   <li>A receive case on a closed, drained channel is ready and its action gets {@code null}
 *       (Go's {@code v, ok := <-ch} with {@code ok == false}).</li>
 *   <li>A send case on a closed channel throws {@link ChannelClosedException} ("send on closed
 *       channel") if it is chosen, or if the channel closes while the select waits on it — as Go panics.</li>
 *   <li>With {@link #orDefault} the select never blocks: if no case is ready the default runs.</li>
 *   <li>Without a default it parks until a case fires; {@link #onTimeout} bounds the wait (no thread per
 *       select: the waiting thread parks with a deadline). A timeout fires only when no other case has.</li>
 *   <li>A case on {@link Channel#nil()} is never ready: Go's nil-channel trick for disabling a case.
 *       Cases can be added in a loop, so the number of cases may be chosen at run time.</li>
 *   <li>A select with no case, no default and no timeout throws {@link IllegalStateException}: Go's
 *       {@code select {}} blocks forever, which here is {@link #blockForever()}, said explicitly.</li>
 *   <li>Interruption: as in {@code java.util.concurrent}, a select that may block throws
 *       {@link InterruptedException} if the thread is interrupted on entry or while parked, and then
 *       no case has fired.</li>
 * </ul>
 *
 * <p>Thread safety: a {@code Select} is a description of one select statement owned by one thread.
 * It may be {@link #run()} again and again (a {@code for { select { ... } }} loop reuses it and
 * allocates nothing while cases are ready); cases may be added between runs. Do not share an instance
 * between threads. Memory consistency effects are those of the channel operation that fired.
 *
 * <p>Bad input: a null channel, action, value or duration throws {@link NullPointerException} naming
 * the argument; a negative timeout throws {@link IllegalArgumentException}; a second default or timeout
 * throws {@link IllegalStateException}.
 *
 * <p>Example — a worker that stops when told to:
 * {@snippet class=dev.go4j.chan.ChannelSnippets region=select}
 *
 * @implNote Go's {@code selectgo} ({@code runtime/select.go}): lock every channel of the select in a
 * fixed global order, poll the cases in a random permutation and commit the first ready one; otherwise
 * enqueue one wait node per case, unlock, and park. The first channel operation to fire one of the
 * nodes settles the select with a CAS (so exactly one case fires even when two channels become ready
 * at once), and the select then removes its other nodes. Ready path: no allocation, one random number
 * per extra case, one lock per distinct channel — or, when every case is on a buffered channel, one
 * lock per case tried until one is ready, since a buffered receive or send commits on its own. "Nothing ready" (the default, or
 * parking) always holds every lock at one instant, as Go does. Blocking path: one waiter plus one node
 * per case; when every case is on an unbuffered channel, a spin of up to 128 {@link Thread#onSpinWait()}
 * rounds before the park, as a plain wait on an unbuffered channel spins, while the channels' adaptive
 * scores say that spins pay off.
 *
 * @param <R> the type of the result the actions return (use {@code Void} and return null for a plain
 *        statement)
 * @since 0.1.0
 */
public final class Select<R> {
    /* Implementation overview
     *
     * cases are held in parallel arrays. A case whose channel is Channel.nil() has chan == null and is
     * skipped everywhere. lockOrder is the distinct channels sorted by id, computed on the first run
     * after a case is added.
     *
     * run(): draw a random permutation of the cases (Go's pollorder)
     *        pass 0: only if every case is on a buffered channel: try each case in that order under
     *                its own channel's lock; a receive or send that succeeds is a commit, so the first
     *                one fires
     *        lock all in order (Go's lockorder)
     *        pass 1: try each case in that order; the first that succeeds fires (uniform over the
     *                ready cases, as in Go)
     *        default? unlock, run it (an "all empty" answer needs all locks held at one instant)
     *        pass 2: enqueue a node per case, unlock, spin (unbuffered cases only, while every
     *                channel's spin score says it pays), park
     *        pass 3: after the waiter is settled (fired, timed out or interrupted), remove the nodes
     *                that did not fire, one channel lock at a time
     */

    private static final int RECV = 0;
    private static final int SEND = 1;

    private HChan<?>[] chans = new HChan<?>[4];
    private int[] kinds = new int[4];
    private Object[] values = new Object[4];
    private Object[] actions = new Object[4];
    private int n;

    private Action<? extends R> defaultAction;
    private Action<? extends R> timeoutAction;
    private long timeoutNanos;

    private HChan<?>[] lockOrder;
    private int[] pollOrder;
    /** Every case that is not on a nil channel is on a buffered channel (and there is one). */
    private boolean allBuffered;
    /** Some case is on a buffered channel (such a select does not spin before parking). */
    private boolean anyBuffered;

    /** Creates a select with no cases yet. */
    public Select() {}

    /**
     * The action of a receive case: runs with the value received, or {@code null} if the channel is
     * closed and drained. It may block on channels (Go's {@code case j := <-jobs: out <- f(j)}), so it
     * may throw {@link InterruptedException}, which {@link #run()} passes on unchanged; an unchecked
     * exception passes through {@code run()} unchanged too.
     *
     * @param <T> the element type of the channel
     * @param <R> the result type of the select
     * @since 0.1.0
     */
    @FunctionalInterface
    public interface ReceiveAction<T, R> {
        /**
         * Runs the case.
         *
         * @param value the value received, or null if the channel is closed and drained
         * @return the select's result
         * @throws InterruptedException if the action blocked and was interrupted
         */
        R apply(T value) throws InterruptedException;
    }

    /**
     * The action of a send case, of the default and of the timeout. Like {@link ReceiveAction} it may
     * block and throw {@link InterruptedException}, which {@link #run()} passes on unchanged.
     *
     * @param <R> the result type of the select
     * @since 0.1.0
     */
    @FunctionalInterface
    public interface Action<R> {
        /**
         * Runs the case.
         *
         * @return the select's result
         * @throws InterruptedException if the action blocked and was interrupted
         */
        R get() throws InterruptedException;
    }

    /**
     * Adds a receive case: Go's {@code case v, ok := <-ch:}.
     *
     * @param <T> the element type
     * @param ch the channel to receive from; {@link Channel#nil()} disables the case
     * @param action runs with the value received, or with {@code null} if the channel is closed and
     *        drained; its result is {@link #run()}'s
     * @return this select
     * @throws NullPointerException if {@code ch} or {@code action} is null
     */
    public <T> Select<R> onReceive(ReceiveChannel<T> ch, ReceiveAction<? super T, ? extends R> action) {
        return add(ch, RECV, null, Objects.requireNonNull(action, "action"));
    }

    /**
     * Adds a send case: Go's {@code case ch <- value:}.
     *
     * @param <T> the element type
     * @param ch the channel to send on; {@link Channel#nil()} disables the case
     * @param value the value to send, not null
     * @param action runs after the value was sent; its result is {@link #run()}'s
     * @return this select
     * @throws NullPointerException if an argument is null
     */
    public <T> Select<R> onSend(SendChannel<T> ch, T value, Action<? extends R> action) {
        Objects.requireNonNull(value, "value: a channel holds no null");
        return add(ch, SEND, value, Objects.requireNonNull(action, "action"));
    }

    /**
     * Adds a timeout: Go's {@code case <-time.After(timeout):}. Fires if no other case has fired
     * {@code timeout} after {@link #run()} starts; measured with {@link System#nanoTime()}.
     *
     * @param timeout how long to wait, zero or positive
     * @param action runs on timeout; its result is {@link #run()}'s
     * @return this select
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IllegalStateException if a timeout was already given
     */
    public Select<R> onTimeout(Duration timeout, Action<? extends R> action) {
        long nanos = Durations.toNanos(timeout, "timeout");
        Objects.requireNonNull(action, "action");
        if (nanos < 0L) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        if (timeoutAction != null) {
            throw new IllegalStateException("select already has a timeout case");
        }
        timeoutNanos = nanos;
        timeoutAction = action;
        return this;
    }

    /**
     * Adds the default case: Go's {@code default:}. The select then never blocks.
     *
     * @param action runs when no case is ready; its result is {@link #run()}'s
     * @return this select
     * @throws NullPointerException if {@code action} is null
     * @throws IllegalStateException if a default was already given (Go: "multiple defaults in select")
     */
    public Select<R> orDefault(Action<? extends R> action) {
        Objects.requireNonNull(action, "action");
        if (defaultAction != null) {
            throw new IllegalStateException("multiple defaults in select");
        }
        defaultAction = action;
        return this;
    }

    /**
     * Blocks until interrupted: Go's {@code select {}}, the explicit way.
     *
     * @throws InterruptedException when the thread is interrupted (the only way out)
     */
    public static void blockForever() throws InterruptedException {
        if (Thread.interrupted() || new Waiter().await(false, 0L) == Waiter.INTERRUPTED) {
            throw new InterruptedException();
        }
        throw new AssertionError("unreachable: an untimed waiter nobody fires returns only on interrupt");
    }

    private Select<R> add(Object ch, int kind, Object value, Object action) {
        Objects.requireNonNull(ch, "ch: use Channel.nil() to disable a case");
        if (n == chans.length) {
            int len = n * 2;
            chans = Arrays.copyOf(chans, len);
            kinds = Arrays.copyOf(kinds, len);
            values = Arrays.copyOf(values, len);
            actions = Arrays.copyOf(actions, len);
        }
        chans[n] = ch instanceof HChan<?> h ? h : null; // the only other kind is NilChannel
        kinds[n] = kind;
        values[n] = value;
        actions[n] = action;
        n++;
        lockOrder = null;
        return this;
    }

    /**
     * Performs exactly one case (or the default, or the timeout) and returns its action's result.
     *
     * @return the result of the action that ran
     * @throws InterruptedException if interrupted while the select could block; no case fired
     * @throws ChannelClosedException if the send case that was chosen found its channel closed
     * @throws IllegalStateException if the select has no case, no default and no timeout
     */
    public R run() throws InterruptedException {
        if (n == 0 && defaultAction == null && timeoutAction == null) {
            throw new IllegalStateException(
                    "select with no cases would block forever (Go: select {}); use Select.blockForever()");
        }
        boolean mayBlock = defaultAction == null;
        if (mayBlock && Thread.interrupted()) {
            throw new InterruptedException();
        }
        long deadline = timeoutAction != null ? Durations.deadline(timeoutNanos) : 0L;
        if (lockOrder == null) {
            prepare();
        }
        for (;;) { // again when the deadline passed, for one last look
            int[] order = shuffledPollOrder();
            if (allBuffered) {
                // Pass 0: every case is on a buffered channel, where a receive or send that succeeds
                // is a commit by itself, so try them one channel lock at a time (in the same random
                // order): a select that finds its first case ready takes one lock, not all of them.
                // Only "none is ready" needs every lock held at once, so that answer is left to pass 1.
                for (int k = 0; k < n; k++) {
                    int i = order[k];
                    HChan<?> c = chans[i];
                    if (c == null) {
                        continue;
                    }
                    if (kinds[i] == RECV) {
                        Object r = c.recvNow();
                        if (r != HChan.NONE) {
                            return fire(i, r);
                        }
                    } else {
                        int st = c.sendNow(values[i]);
                        if (st == HChan.SENT) {
                            return fire(i, null);
                        }
                        if (st == HChan.IS_CLOSED) {
                            throw new ChannelClosedException(ChannelClosedException.SEND_ON_CLOSED);
                        }
                    }
                }
            }
            lockAll();
            int fired = -1;
            Object got = null;
            for (int k = 0; k < n && fired < 0; k++) {
                int i = order[k];
                HChan<?> c = chans[i];
                if (c == null) {
                    continue;
                }
                if (kinds[i] == RECV) {
                    Object r = c.recvLocked();
                    if (r != HChan.NONE) {
                        fired = i;
                        got = r;
                    }
                } else {
                    int st = c.sendLocked(values[i]);
                    if (st == HChan.IS_CLOSED) {
                        unlockAll();
                        throw new ChannelClosedException(ChannelClosedException.SEND_ON_CLOSED);
                    }
                    if (st == HChan.SENT) {
                        fired = i;
                    }
                }
            }
            if (fired >= 0) {
                unlockAll();
                return fire(fired, got);
            }
            boolean expired = timeoutAction != null && deadline - System.nanoTime() <= 0L;
            if (!mayBlock || expired) {
                // The default (or the timeout) runs only if there was an instant at which no case was
                // ready: pass 1 saw every channel with all of their locks held, one consistent state.
                unlockAll();
                return mayBlock ? timeoutAction.get() : defaultAction.get();
            }
            Object r = park(deadline, order);
            if (r != TIMED_OUT) {
                return cast(r);
            }
            // TIMED_OUT: run once more without
            // blocking, so that a case that became ready before the deadline wins over the timeout
            // (Go would choose between two ready cases; the timeout fires only if none is ready).
        }
    }

    /** Marks the timeout in {@link #park}'s result. */
    private static final Object TIMED_OUT = new Object();

    /**
     * Pass 2 and 3: waits on every case, with all channels locked on entry. Returns the fired action's
     * result, or {@link #TIMED_OUT}.
     * The nodes are queued in the poll order, so that of two cases on one channel either may be first in
     * its queue (Go's selectgo permutes same-channel cases the same way): a parked select fires each of
     * them about equally often, as a select that finds both ready does.
     */
    private Object park(long deadline, int[] order) throws InterruptedException {
        Waiter me = new Waiter();
        WaitNode[] nodes = new WaitNode[n];
        for (int k = 0; k < n; k++) {
            int i = order[k];
            HChan<?> c = chans[i];
            if (c != null) {
                nodes[i] = new WaitNode(me, i, values[i]);
                c.enqueueLocked(nodes[i], kinds[i] == RECV);
            }
        }
        unlockAll();
        // Spin first, as a plain wait on an unbuffered channel does: a partner running on the other
        // core completes the select within the spin, and the select's thread then stays mounted on its
        // carrier instead of being unmounted, resubmitted and remounted on another core.
        // Whether to spin is learnt on the channels (SpinScore), not on this Select, so that selects
        // built anew for each wait learn too. Cases on buffered channels: no spin, as for their waiters.
        boolean learns = !anyBuffered && lockOrder.length > 0;
        int spins = learns ? SpinScore.spins(lowestScore()) : 0;
        int s = me.await(timeoutAction != null, deadline, spins);
        if (learns) {
            for (HChan<?> c : lockOrder) {
                c.learnSpin(spins, me);
            }
        }
        for (int i = 0; i < n; i++) {
            if (nodes[i] != null && i != s) {
                chans[i].dequeue(nodes[i], kinds[i] == RECV);
            }
        }
        if (s >= 0) {
            Object item = nodes[s].item;
            if (kinds[s] == SEND && item == HChan.CLOSED) {
                throw new ChannelClosedException(ChannelClosedException.SEND_ON_CLOSED);
            }
            return fire(s, item);
        }
        if (s == Waiter.INTERRUPTED) {
            throw new InterruptedException();
        }
        return TIMED_OUT;
    }

    @SuppressWarnings("unchecked")
    private R cast(Object r) {
        return (R) r;
    }

    @SuppressWarnings("unchecked")
    private R fire(int i, Object got) throws InterruptedException {
        if (kinds[i] == RECV) {
            return ((ReceiveAction<Object, ? extends R>) actions[i]).apply(got == HChan.CLOSED ? null : got);
        }
        return ((Action<? extends R>) actions[i]).get();
    }

    /** Go's pollorder: a uniformly random permutation of the cases (Fisher-Yates, inside-out). */
    private int[] shuffledPollOrder() {
        int[] order = pollOrder;
        if (n > 1) {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            order[0] = 0;
            for (int i = 1; i < n; i++) {
                int j = rnd.nextInt(i + 1);
                order[i] = order[j];
                order[j] = i;
            }
        }
        return order;
    }

    /** Go's lockorder: the distinct channels sorted by id. Computed once per set of cases. */
    private void prepare() {
        HChan<?>[] sorted = new HChan<?>[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (chans[i] != null) {
                sorted[m++] = chans[i];
            }
        }
        Arrays.sort(sorted, 0, m, (a, b) -> Long.compare(a.id, b.id));
        int distinct = 0;
        for (int i = 0; i < m; i++) {
            if (distinct == 0 || sorted[distinct - 1] != sorted[i]) {
                sorted[distinct++] = sorted[i];
            }
        }
        lockOrder = Arrays.copyOf(sorted, distinct);
        allBuffered = distinct > 0;
        anyBuffered = false;
        for (HChan<?> c : lockOrder) { // every case not on a nil channel is on one of these
            allBuffered &= c.isBuffered();
            anyBuffered |= c.isBuffered();
        }
        pollOrder = new int[n]; // index 0 stays 0 when n == 1
    }

    /** The lowest spin score of this select's channels: it spins only if all of them say so. */
    private int lowestScore() {
        int lowest = Integer.MAX_VALUE;
        for (HChan<?> c : lockOrder) {
            lowest = Math.min(lowest, c.spinScore());
        }
        return lowest;
    }

    private void lockAll() {
        for (HChan<?> c : lockOrder) {
            c.lock();
        }
    }

    /** Unlocks every channel, unparking the waiters each one fired (after its own unlock). */
    private void unlockAll() {
        for (int i = lockOrder.length - 1; i >= 0; i--) {
            HChan<?> c = lockOrder[i];
            Waiter w = c.takeWakes();
            c.unlock();
            HChan.wakeAll(w);
        }
    }
}

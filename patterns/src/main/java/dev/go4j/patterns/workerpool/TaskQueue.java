package dev.go4j.patterns.workerpool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The queue of a {@link WorkerPool}: a bounded lock-free MPMC ring (Dmitry Vyukov's bounded queue: one
 * sequence number per slot, one CAS per offer or poll) with a closed bit in the tail, so that no task
 * can enter once the pool stops taking them. It neither blocks nor wakes anyone: the pool parks and
 * wakes its workers and submitters around it.
 */
final class TaskQueue {
    /* Implementation overview
     *
     * Slot i (= p % cap) is free for position p when seq[i] == 2p, and holds the value of position p when
     * seq[i] == 2p + 1. offer: CAS tail p -> p + 1 on a free slot, store the value, publish 2p + 1.
     * poll: CAS head p -> p + 1 on a full slot, take the value, free it for p + cap with 2(p + cap).
     * (Vyukov's original counts in steps of one, which needs cap >= 2: with cap == 1 "free for p + 1"
     * and "full with p" would be the same number, and a producer could overwrite a value being polled.)
     *
     * A slot can be caught between two owners: a poll has moved head past position p - cap but not yet
     * freed the slot for p (or an offer has moved tail past p but not yet published p). Reading that
     * slot's sequence alone, an offer at p would answer "full" and a poll at p "empty" although the
     * other party's CAS has already settled the matter. So each one, on an unready slot, asks the
     * other index, as JCTools' MpmcArrayQueue.offer and poll do: only p - head >= cap is full and only
     * tail == p is empty; otherwise the other party is a few stores from done, and we wait for it.
     * That makes the two CASes the linearization points (an offer takes effect at its tail CAS, a poll
     * at its head CAS), and "full" / "empty" true at the instant of the index read that decided them.
     *
     * tail holds (position << 1) | closed. close() sets the bit with one atomic OR; an offer whose CAS
     * sees it fails with CLOSED, so every value that entered did so before close, and once closed the
     * tail never moves: "drained" is then exactly head == tail position (no publication in flight).
     *
     * The seq stores are volatile, not just release: the pool pairs "offer, then read the idle
     * workers" with "register as idle, then re-check the queue" (and "poll, then read the blocked
     * submitters" with "register as blocked, then re-check for room"), Dekker handshakes that need the
     * store-load order on both sides, so that a task and a parked worker never miss each other.
     *
     * head and tail each sit on a cache line of their own: consumers write one, producers the other,
     * and every offer and poll reads cap, seq and items. The JVM lays out an object's long fields
     * together, in declaration order, ahead of its int and reference fields, so head and tail are
     * fenced by padding on each side; without the padding after tail, seq and items shared its line,
     * and each submit's tail CAS cost the next poll a miss on them (and each poll's head CAS the next
     * offer one on cap). The padding is 128 bytes, not 64, because some cores fetch lines in pairs
     * (Intel's adjacent-line prefetcher), as JCTools and @Contended pad.
     */

    static final int OK = 0;
    static final int FULL = 1;
    static final int CLOSED = 2;

    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle ITEM = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(TaskQueue.class, "head", long.class);
            TAIL = l.findVarHandle(TaskQueue.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int cap;
    private final long[] seq;
    private final Object[] items;

    /** Keeps head off the line of cap (which the JVM may place in the object header's gap). */
    @SuppressWarnings("unused") private long h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, h13, h14, h15;
    private volatile long head;
    /** Keeps head and tail on different cache lines. */
    @SuppressWarnings("unused") private long p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15;
    private volatile long tail;
    /** Keeps tail off the line of seq and items, laid out after the long fields. */
    @SuppressWarnings("unused") private long t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15;

    TaskQueue(int cap) {
        this.cap = cap;
        this.seq = new long[cap];
        this.items = new Object[cap];
        for (int i = 0; i < cap; i++) {
            seq[i] = 2L * i;
        }
    }

    /**
     * Appends {@code v}: {@link #OK}, {@link #FULL}, or {@link #CLOSED}. A slot whose poll has claimed
     * its value but not yet freed it counts as room: the offer waits for it (a few stores).
     */
    int offer(Object v) {
        for (int spins = 0; ; ) {
            long t = tail;
            if ((t & 1L) != 0L) {
                return CLOSED;
            }
            long pos = t >>> 1;
            int i = (int) (pos % cap);
            long dif = (long) SEQ.getVolatile(seq, i) - 2L * pos;
            if (dif == 0L) {
                if (TAIL.compareAndSet(this, t, t + 2L)) {
                    ITEM.set(items, i, v);
                    SEQ.setVolatile(seq, i, 2L * pos + 1L);
                    return OK;
                }
            } else if (dif < 0L) {
                // The slot still holds the value of pos - cap (or is still being filled with it). Full
                // only if no poll has claimed that value: head <= pos - cap, read after tail and the
                // slot, so at this instant tail - head >= cap. If head has moved past it, that poll's CAS
                // has settled it: the room is ours (or another producer's) once the poller frees the slot, a few stores away. Saying
                // "full" here would refuse a submit on a queue with room, even right after the
                // submitter's own completed poll: not linearizable.
                if (pos - (long) HEAD.getVolatile(this) >= cap) {
                    return FULL;
                }
                spins = backOff(spins);
                continue;
            }
            // else another producer took pos: reload and retry
        }
    }

    /**
     * Removes the oldest value, or returns null if the ring is empty. A value whose offer has claimed
     * its position but not yet published it is waited for (a few stores), not reported as absent.
     */
    Object poll() {
        for (int spins = 0; ; ) {
            long h = head;
            int i = (int) (h % cap);
            long dif = (long) SEQ.getVolatile(seq, i) - (2L * h + 1L);
            if (dif == 0L) {
                if (HEAD.compareAndSet(this, h, h + 1L)) {
                    Object v = ITEM.get(items, i);
                    ITEM.set(items, i, null);
                    SEQ.setVolatile(seq, i, 2L * (h + cap));
                    return v;
                }
            } else if (dif < 0L) {
                // Nothing published at h. Empty only if no offer has claimed h: tail == h, read after
                // head and the slot, so at this instant the ring is empty (head <= tail always). If
                // tail has moved past h, that offer's CAS has settled it: its value comes next, a few
                // stores away. Why not answer "empty" while that offer is in flight, as Vyukov's queue
                // does? An unfinished offer could be ordered after this poll, but a later slot may hold
                // a value whose offer has returned (another producer, or the poller itself just before):
                // a poll that misses it is not linearizable, and a worker would go idle beside a
                // queued task.
                if ((tail >>> 1) == h) {
                    return null;
                }
                spins = backOff(spins);
                continue;
            }
            // else another consumer took h: reload and retry
        }
    }

    /**
     * Waits a moment for the other party of a slot to finish its stores: spins, then yields, since it
     * may have been descheduled between its CAS and its store. Returns the next spin count.
     */
    private static int backOff(int spins) {
        if (spins < 64) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
        return spins + 1;
    }

    /**
     * Whether a poll would find a value now, counting one still being published (the poll waits for
     * it). A hint: by the time the caller acts on it, another thread may have polled.
     */
    boolean hasValue() {
        long h = head;
        return (tail >>> 1) != h; // head first: tail, read later, can only be further ahead
    }

    /**
     * Whether an offer would find room now, counting a slot still being freed (the offer waits for
     * it). A hint, as {@link #hasValue()}.
     */
    boolean hasSpace() {
        long t = tail;
        return (t >>> 1) - head < cap; // tail first: head, read later, can only be further ahead
    }

    /** The number of values the queue holds at most. */
    int capacity() {
        return cap;
    }

    /** The number of offers that have succeeded. */
    long offered() {
        return tail >>> 1;
    }

    /** The number of polls that have taken a value. */
    long polled() {
        return head;
    }

    /** Sets the closed bit; afterwards every offer fails with {@link #CLOSED}. */
    void close() {
        TAIL.getAndBitwiseOr(this, 1L);
    }

    boolean isClosed() {
        return (tail & 1L) != 0L;
    }

    /** Closed, and every value that entered has been polled. Permanent once true. */
    boolean isDrained() {
        long t = tail;
        return (t & 1L) != 0L && head == (t >>> 1);
    }

    /**
     * Values in the buffer (including any publication in flight) at one instant: head, tail, head again
     * until head held still across the tail read (JCTools' {@code size()}), so the count is
     * {@code tail - head} as they both stood when tail was read, never a mix of two instants.
     */
    int size() {
        for (long h = head; ; ) {
            long t = tail >>> 1;
            long h2 = head;
            if (h2 == h) {
                return (int) (t - h); // 0 <= t - h <= cap: the ring's invariant at any one instant
            }
            h = h2;
        }
    }
}

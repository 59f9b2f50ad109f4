package dev.go4j.chan;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one channel operation did, as a JCStress result value: the words the outcome ids of the channel
 * and select race tests are written in.
 *
 * <p>A JCStress actor may not throw a checked exception, and an actor that swallowed an unexpected one
 * would hide exactly the bug a test hunts for. So every method here returns one word for each end a Go
 * rule allows, and for anything else a {@linkplain #failure(Throwable) failure word} that names the
 * exception ({@code "threw IllegalStateException"}): no test lists it, so the catch-all
 * {@code FORBIDDEN} outcome reports it. The first such failure in a VM also prints its stack trace, which
 * JCStress shows beside the results.
 *
 * <p>The values sent in the tests are small positive {@link Integer}s, so a received value is its own
 * word ({@code 1}, {@code 2}).
 */
final class Observed {
    /** A send (or a select's send case) completed: the value was handed over or buffered. */
    static final String SENT = "sent";
    /** A send threw {@link ChannelClosedException} with Go's {@code "send on closed channel"}. */
    static final String SEND_ON_CLOSED = "send-on-closed";
    /**
     * A receive saw the channel closed and drained (Go: {@code v, ok := <-ch} with {@code ok == false});
     * for {@code close()}: it returned normally.
     */
    static final String CLOSED = "closed";
    /** A {@code trySend} returned false (Go's {@code default} ran): no receiver waiting and no free slot. */
    static final String WOULD_BLOCK = "would-block";
    /** A {@code tryReceive} or a drain found no value. */
    static final String EMPTY = "empty";

    private static final AtomicBoolean STACK_TRACE_PRINTED = new AtomicBoolean();

    private Observed() {}

    /** {@code ch.send(v)}: {@link #SENT} or {@link #SEND_ON_CLOSED}. */
    static Object send(SendChannel<Integer> ch, Integer v) {
        try {
            ch.send(v);
            return SENT;
        } catch (InterruptedException | RuntimeException e) {
            return sendFailure(e);
        }
    }

    /** {@code ch.trySend(v)}: {@link #SENT}, {@link #WOULD_BLOCK} or {@link #SEND_ON_CLOSED}. */
    static Object trySend(SendChannel<Integer> ch, Integer v) {
        try {
            return ch.trySend(v) ? SENT : WOULD_BLOCK;
        } catch (RuntimeException e) {
            return sendFailure(e);
        }
    }

    /** {@code ch.receiveOrNull()}: the value, or {@link #CLOSED}. */
    static Object receive(ReceiveChannel<Integer> ch) {
        try {
            Integer v = ch.receiveOrNull();
            return v != null ? v : CLOSED;
        } catch (InterruptedException | RuntimeException e) {
            return failure(e);
        }
    }

    /** {@code ch.tryReceive()}: the value, or {@link #EMPTY}. */
    static Object tryReceive(ReceiveChannel<Integer> ch) {
        try {
            Integer v = ch.tryReceive();
            return v != null ? v : EMPTY;
        } catch (RuntimeException e) {
            return failure(e);
        }
    }

    /** {@code ch.close()}: {@link #CLOSED}. */
    static Object close(SendChannel<?> ch) {
        try {
            ch.close();
            return CLOSED;
        } catch (RuntimeException e) {
            return failure(e);
        }
    }

    /**
     * For an arbiter: takes every value still in the channel without blocking. Returns {@link #EMPTY},
     * the one value left, or all of them joined by {@code " then "} (which no test lists: a value that
     * should have gone was still there).
     */
    static Object drain(ReceiveChannel<Integer> ch) {
        try {
            Integer v = ch.tryReceive();
            if (v == null) {
                return EMPTY;
            }
            Object left = v;
            for (Integer next; (next = ch.tryReceive()) != null; ) {
                left = left + " then " + next;
            }
            return left;
        } catch (RuntimeException e) {
            return failure(e);
        }
    }

    /**
     * {@code select.run()}: the result of the action that fired (a word or the value received), or
     * {@link #SEND_ON_CLOSED} if a send case met a closed channel.
     */
    static Object run(Select<?> select) {
        try {
            return select.run();
        } catch (InterruptedException | RuntimeException e) {
            return sendFailure(e);
        }
    }

    /**
     * A send that threw: {@link #SEND_ON_CLOSED} if it is Go's panic for a send on a closed channel,
     * else a {@linkplain #failure failure}.
     */
    private static Object sendFailure(Throwable e) {
        return e instanceof ChannelClosedException && ChannelClosedException.SEND_ON_CLOSED.equals(e.getMessage())
                ? SEND_ON_CLOSED
                : failure(e);
    }

    /**
     * An end that no Go rule allows here: {@code "threw <exception class>"}, which no test lists. Prints
     * the first one's stack trace, so that a forbidden outcome comes with its cause.
     */
    static String failure(Throwable e) {
        if (STACK_TRACE_PRINTED.compareAndSet(false, true)) {
            e.printStackTrace();
        }
        return "threw " + e.getClass().getSimpleName();
    }
}

package dev.go4j.chan;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The buffer under a buffered channel, caught between two owners of a slot: a receive that has claimed
 * a value but not yet freed its slot, a send that has claimed a slot but not yet published its value.
 * Go's rule: a send fails only on a full channel, a receive only on an empty one, whatever another
 * operation is half-way through.
 *
 * <p>The half-done operation is staged by hand (its CAS done, its store not yet), which JCStress
 * ({@code ChannelTrySendWithRoom}, {@code ChannelTryReceiveWithValue}) can only hit by chance.
 */
class RingTest {
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle ITEM = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle SEQS;
    private static final VarHandle ITEMS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(Ring.class, MethodHandles.lookup());
            HEAD = l.findVarHandle(Ring.class, "head", long.class);
            TAIL = l.findVarHandle(Ring.class, "tail", long.class);
            SEQS = l.findVarHandle(Ring.class, "seq", long[].class);
            ITEMS = l.findVarHandle(Ring.class, "items", Object[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A poll of {@code pos} after its head CAS, before it frees the slot. */
    private static void claimForPoll(Ring ring, long pos) {
        assertThat(HEAD.compareAndSet(ring, pos, pos + 1)).isTrue();
    }

    /** The rest of that poll: takes the value and frees the slot for {@code pos + cap}. */
    private static Object finishPoll(Ring ring, long pos, int cap) {
        int i = (int) (pos % cap);
        Object v = ITEM.getVolatile((Object[]) ITEMS.get(ring), i);
        ITEM.setVolatile((Object[]) ITEMS.get(ring), i, null);
        SEQ.setVolatile((long[]) SEQS.get(ring), i, 2L * (pos + cap));
        return v;
    }

    /** An offer at {@code pos} after its tail CAS, before it publishes. */
    private static void claimForOffer(Ring ring, long pos) {
        assertThat(TAIL.compareAndSet(ring, pos << 1, (pos + 1) << 1)).isTrue();
    }

    /** The rest of that offer: stores the value and publishes it. */
    private static void finishOffer(Ring ring, long pos, int cap, Object v) {
        int i = (int) (pos % cap);
        ITEM.setVolatile((Object[]) ITEMS.get(ring), i, v);
        SEQ.setVolatile((long[]) SEQS.get(ring), i, 2L * pos + 1L);
    }

    /**
     * Lets the call run a while before the other party finishes, so that a ring which answers "full" or
     * "empty" at once does so now (the answer is then checked); a correct ring waits, whatever the wait.
     */
    private static void letItRun(Async<?> call) throws Exception {
        try {
            call.result.get(200, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillWaiting) {
            // the expected case: it waits for the other party's store
        }
    }

    @Test
    void sendAfterOwnReceiveFindsRoomWhileAnotherReceiveFinishesOnTheTailSlot() throws Exception {
        Ring ring = new Ring(2);
        ring.offer("a");
        ring.offer("b");
        claimForPoll(ring, 0); // another receiver has claimed "a" and not yet freed slot 0
        assertThat(ring.poll()).isEqualTo("b"); // our receive completes
        assertThat(ring.size()).isEqualTo(0);
        assertThat(ring.hasSpace()).isTrue();

        Async<Integer> send = Async.start(() -> ring.offer("c")); // needs slot 0
        letItRun(send);
        assertThat(finishPoll(ring, 0, 2)).isEqualTo("a");

        assertThat(send.get()).as("offer on a ring with room").isEqualTo(Ring.OK);
        assertThat(ring.poll()).isEqualTo("c");
        assertThat(ring.poll()).isNull();
    }

    @Test
    void receiveAfterOwnSendFindsAValueWhileAnotherSendPublishesAtTheHead() throws Exception {
        Ring ring = new Ring(2);
        claimForOffer(ring, 0); // another sender has claimed slot 0 and not yet published "a"
        assertThat(ring.offer("b")).isEqualTo(Ring.OK); // our send completes
        assertThat(ring.hasValue()).isTrue();

        Async<Object> receive = Async.start(ring::poll); // the head is slot 0
        letItRun(receive);
        finishOffer(ring, 0, 2, "a");

        assertThat(receive.get()).as("poll of a ring holding a sent value, in FIFO order").isEqualTo("a");
        assertThat(ring.poll()).isEqualTo("b");
        assertThat(ring.poll()).isNull();
    }

    @Test
    void sendOnAFullBufferFailsAtOnceEvenWithAPublicationInFlight() {
        Ring ring = new Ring(2);
        ring.offer("a");
        claimForOffer(ring, 1); // a send has claimed the last slot: the buffer is full
        assertThat(ring.hasSpace()).isFalse();
        assertThat(ring.offer("c")).isEqualTo(Ring.FULL);
        finishOffer(ring, 1, 2, "b");
        assertThat(ring.offer("c")).isEqualTo(Ring.FULL);
    }

    @Test
    void receiveOnAnEmptyBufferFailsAtOnceEvenWithAReceiveFinishing() {
        Ring ring = new Ring(2);
        ring.offer("a");
        claimForPoll(ring, 0); // another receiver has claimed the only value
        assertThat(ring.hasValue()).isFalse();
        assertThat(ring.poll()).isNull();
        finishPoll(ring, 0, 2);
        assertThat(ring.poll()).isNull();
    }

    @Test
    void closedRingRefusesOffersAndIsDrainedOnlyWhenThePublicationInFlightIsTaken() throws Exception {
        Ring ring = new Ring(2);
        claimForOffer(ring, 0);
        ring.close();
        assertThat(ring.offer("b")).isEqualTo(Ring.CLOSED);
        assertThat(ring.isDrained()).isFalse();
        Async<Object> receive = Async.start(ring::poll);
        letItRun(receive);
        finishOffer(ring, 0, 2, "a");
        assertThat(receive.get()).isEqualTo("a");
        assertThat(ring.isDrained()).isTrue();
        assertThat(ring.poll()).isNull();
    }
}

package dev.go4j.patterns.workerpool;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

/**
 * The queue under a {@link WorkerPool}: FIFO, bounded, closed for good, and exact while another
 * thread is half-way through an operation. An offer fails only on a full queue and a poll only on an
 * empty one, whatever another operation has claimed but not yet finished: a worker must never go idle
 * beside a queued task, nor a submit block beside a free slot.
 *
 * <p>The half-done operation is staged by hand (its CAS done, its store not yet), which JCStress
 * ({@code TaskQueueOfferPoll}) can only hit by chance.
 */
class TaskQueueTest {
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle ITEM = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle SEQS;
    private static final VarHandle ITEMS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(TaskQueue.class, MethodHandles.lookup());
            HEAD = l.findVarHandle(TaskQueue.class, "head", long.class);
            TAIL = l.findVarHandle(TaskQueue.class, "tail", long.class);
            SEQS = l.findVarHandle(TaskQueue.class, "seq", long[].class);
            ITEMS = l.findVarHandle(TaskQueue.class, "items", Object[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // ------------------------------------------------------------------ layout

    /**
     * Consumers CAS head, producers CAS tail, and every offer and poll reads cap, seq and items. A field
     * of the one kind within a cache line of the other moves between the cores on every task (it did:
     * seq and items sat 8 bytes after tail, cap 4 bytes before head). Fields 128 bytes apart never
     * share a line, nor a pair of lines that a core fetches together.
     */
    @Test
    void headAndTailEachHaveACacheLineOfTheirOwn() {
        System.setProperty("jol.skipDynamicAttach", "true");
        Map<String, Long> at = ClassLayout.parseClass(TaskQueue.class).fields().stream()
                .collect(Collectors.toMap(FieldLayout::name, FieldLayout::offset));
        assertThat(Math.abs(at.get("head") - at.get("tail"))).as("head to tail").isGreaterThanOrEqualTo(128);
        for (String index : List.of("head", "tail")) {
            for (String shared : List.of("cap", "seq", "items")) {
                assertThat(Math.abs(at.get(index) - at.get(shared)))
                        .as("%s to %s (offsets %s)", index, shared, at)
                        .isGreaterThanOrEqualTo(128);
            }
        }
    }

    // ------------------------------------------------------------------ one thread

    @Test
    void offersAndPollsInFifoOrderAcrossTheWrap() {
        TaskQueue q = new TaskQueue(3);
        for (int round = 0; round < 5; round++) {
            assertThat(q.offer("a" + round)).isEqualTo(TaskQueue.OK);
            assertThat(q.offer("b" + round)).isEqualTo(TaskQueue.OK);
            assertThat(q.size()).isEqualTo(2);
            assertThat(q.poll()).isEqualTo("a" + round);
            assertThat(q.poll()).isEqualTo("b" + round);
            assertThat(q.poll()).isNull();
        }
        assertThat(q.offered()).isEqualTo(10);
        assertThat(q.polled()).isEqualTo(10);
    }

    @Test
    void aFullQueueRefusesAndAnEmptyOneAnswersNull() {
        TaskQueue q = new TaskQueue(2);
        assertThat(q.hasValue()).isFalse();
        assertThat(q.poll()).isNull();
        assertThat(q.offer(1)).isEqualTo(TaskQueue.OK);
        assertThat(q.offer(2)).isEqualTo(TaskQueue.OK);
        assertThat(q.hasSpace()).isFalse();
        assertThat(q.offer(3)).isEqualTo(TaskQueue.FULL);
        assertThat(q.offered()).as("a refused offer is not counted").isEqualTo(2);
        assertThat(q.poll()).isEqualTo(1);
        assertThat(q.hasSpace()).isTrue();
    }

    @Test
    void aCapacityOfOneHoldsOneValueAtATime() {
        TaskQueue q = new TaskQueue(1);
        for (int i = 0; i < 4; i++) {
            assertThat(q.offer(i)).isEqualTo(TaskQueue.OK);
            assertThat(q.offer(-1)).isEqualTo(TaskQueue.FULL);
            assertThat(q.poll()).isEqualTo(i);
            assertThat(q.poll()).isNull();
        }
    }

    @Test
    void aClosedQueueRefusesOffersButGivesUpWhatEnteredBefore() {
        TaskQueue q = new TaskQueue(4);
        q.offer("a");
        q.close();
        assertThat(q.isClosed()).isTrue();
        assertThat(q.offer("b")).isEqualTo(TaskQueue.CLOSED);
        assertThat(q.isDrained()).isFalse();
        assertThat(q.poll()).isEqualTo("a");
        assertThat(q.isDrained()).isTrue();
        assertThat(q.poll()).isNull();
    }

    @Test
    void aRandomMixBehavesLikeABoundedDeque() {
        SplittableRandom rnd = new SplittableRandom(7);
        TaskQueue q = new TaskQueue(5);
        ArrayDeque<Integer> model = new ArrayDeque<>();
        for (int i = 0; i < 10_000; i++) {
            if (rnd.nextBoolean()) {
                int r = q.offer(i);
                if (model.size() < 5) {
                    assertThat(r).isEqualTo(TaskQueue.OK);
                    model.addLast(i);
                } else {
                    assertThat(r).isEqualTo(TaskQueue.FULL);
                }
            } else {
                assertThat(q.poll()).isEqualTo(model.pollFirst());
            }
            assertThat(q.size()).isEqualTo(model.size());
        }
    }

    @Test
    void aPolledSlotNoLongerHoldsItsTask() {
        TaskQueue q = new TaskQueue(2);
        q.offer(new Object());
        q.poll();
        Object[] items = (Object[]) ITEMS.get(q);
        assertThat(items).containsOnlyNulls(); // a finished task's handle is not kept alive by the pool
    }

    // ------------------------------------------------------------------ half-done operations

    /** A poll of {@code pos} after its head CAS, before it frees the slot. */
    private static void claimForPoll(TaskQueue q, long pos) {
        assertThat(HEAD.compareAndSet(q, pos, pos + 1)).isTrue();
    }

    /** The rest of that poll: takes the value and frees the slot for {@code pos + cap}. */
    private static Object finishPoll(TaskQueue q, long pos, int cap) {
        int i = (int) (pos % cap);
        Object v = ITEM.getVolatile((Object[]) ITEMS.get(q), i);
        ITEM.setVolatile((Object[]) ITEMS.get(q), i, null);
        SEQ.setVolatile((long[]) SEQS.get(q), i, 2L * (pos + cap));
        return v;
    }

    /** An offer at {@code pos} after its tail CAS, before it publishes. */
    private static void claimForOffer(TaskQueue q, long pos) {
        assertThat(TAIL.compareAndSet(q, pos << 1, (pos + 1) << 1)).isTrue();
    }

    /** The rest of that offer: stores the value and publishes it. */
    private static void finishOffer(TaskQueue q, long pos, int cap, Object v) {
        int i = (int) (pos % cap);
        ITEM.setVolatile((Object[]) ITEMS.get(q), i, v);
        SEQ.setVolatile((long[]) SEQS.get(q), i, 2L * pos + 1L);
    }

    /** Runs {@code call} on a virtual thread. */
    private static <V> CompletableFuture<V> start(Callable<V> call) {
        CompletableFuture<V> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                f.complete(call.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    /**
     * Lets the call run a while before the other party finishes, so that a queue which answers "full"
     * or "empty" at once does so now (the answer is then checked); a correct queue waits, whatever the
     * wait.
     */
    private static void letItRun(CompletableFuture<?> call) throws Exception {
        try {
            call.get(200, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillWaiting) {
            // the expected case: it waits for the other party's store
        }
    }

    @Test
    void offerAfterOwnPollFindsRoomWhileAnotherPollFinishesOnTheTailSlot() throws Exception {
        TaskQueue q = new TaskQueue(2);
        q.offer("a");
        q.offer("b");
        claimForPoll(q, 0); // another worker has claimed "a" and not yet freed slot 0
        assertThat(q.poll()).isEqualTo("b"); // our poll completes
        assertThat(q.size()).isEqualTo(0);
        assertThat(q.hasSpace()).isTrue();

        CompletableFuture<Integer> offer = start(() -> q.offer("c")); // needs slot 0
        letItRun(offer);
        assertThat(finishPoll(q, 0, 2)).isEqualTo("a");

        assertThat(offer.get(30, TimeUnit.SECONDS)).as("offer on a queue with room").isEqualTo(TaskQueue.OK);
        assertThat(q.poll()).isEqualTo("c");
        assertThat(q.poll()).isNull();
    }

    @Test
    void pollAfterOwnOfferFindsAValueWhileAnotherOfferPublishesAtTheHead() throws Exception {
        TaskQueue q = new TaskQueue(2);
        claimForOffer(q, 0); // another submitter has claimed slot 0 and not yet published "a"
        assertThat(q.offer("b")).isEqualTo(TaskQueue.OK); // our offer completes
        assertThat(q.hasValue()).isTrue();

        CompletableFuture<Object> poll = start(q::poll); // the head is slot 0
        letItRun(poll);
        finishOffer(q, 0, 2, "a");

        assertThat(poll.get(30, TimeUnit.SECONDS)).as("poll of a queue holding a value, in FIFO order").isEqualTo("a");
        assertThat(q.poll()).isEqualTo("b");
        assertThat(q.poll()).isNull();
    }

    @Test
    void offerOnAFullQueueFailsAtOnceEvenWithAPublicationInFlight() {
        TaskQueue q = new TaskQueue(2);
        q.offer("a");
        claimForOffer(q, 1); // an offer has claimed the last slot: the queue is full
        assertThat(q.hasSpace()).isFalse();
        assertThat(q.offer("c")).isEqualTo(TaskQueue.FULL);
        finishOffer(q, 1, 2, "b");
        assertThat(q.offer("c")).isEqualTo(TaskQueue.FULL);
    }

    @Test
    void pollOnAnEmptyQueueFailsAtOnceEvenWithAPollFinishing() {
        TaskQueue q = new TaskQueue(2);
        q.offer("a");
        claimForPoll(q, 0); // another worker has claimed the only value
        assertThat(q.hasValue()).isFalse();
        assertThat(q.poll()).isNull();
        finishPoll(q, 0, 2);
        assertThat(q.poll()).isNull();
    }

    @Test
    void aClosedQueueIsDrainedOnlyWhenThePublicationInFlightIsTaken() throws Exception {
        TaskQueue q = new TaskQueue(2);
        claimForOffer(q, 0);
        q.close();
        assertThat(q.offer("b")).isEqualTo(TaskQueue.CLOSED);
        assertThat(q.isDrained()).isFalse();
        CompletableFuture<Object> poll = start(q::poll);
        letItRun(poll);
        finishOffer(q, 0, 2, "a");
        assertThat(poll.get(30, TimeUnit.SECONDS)).isEqualTo("a");
        assertThat(q.isDrained()).isTrue();
        assertThat(q.poll()).isNull();
    }
}

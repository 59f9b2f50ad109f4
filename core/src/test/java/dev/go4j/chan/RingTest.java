package dev.go4j.chan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The buffer under a buffered channel: Go's circular queue, used under the channel's lock. Its rules:
 * first in, first out across the wrap-around; an offer fails only when full, a poll only when empty;
 * the count read without the lock is the one the last change left.
 */
class RingTest {

    @Test
    void offersAndPollsInFifoOrderAcrossTheWrapAround() {
        Ring ring = new Ring(3);
        int next = 0;
        int expected = 0;
        for (int round = 0; round < 10; round++) { // each round moves the indices by two around three slots
            assertThat(ring.offer(next++)).isTrue();
            assertThat(ring.offer(next++)).isTrue();
            assertThat(ring.poll()).isEqualTo(expected++);
            assertThat(ring.poll()).isEqualTo(expected++);
        }
        assertThat(ring.poll()).isNull();
    }

    @Test
    void offerFailsOnlyWhenFullAndPollOnlyWhenEmpty() {
        Ring ring = new Ring(2);
        assertThat(ring.isEmpty()).isTrue();
        assertThat(ring.poll()).isNull();
        assertThat(ring.offer("a")).isTrue();
        assertThat(ring.offer("b")).isTrue();
        assertThat(ring.isFull()).isTrue();
        assertThat(ring.offer("c")).isFalse();
        assertThat(ring.size()).isEqualTo(2);
        assertThat(ring.poll()).isEqualTo("a");
        assertThat(ring.isFull()).isFalse();
        assertThat(ring.offer("c")).isTrue();
        assertThat(ring.poll()).isEqualTo("b");
        assertThat(ring.poll()).isEqualTo("c");
        assertThat(ring.isEmpty()).isTrue();
    }

    @Test
    void capacityOneHoldsOneValue() {
        Ring ring = new Ring(1);
        assertThat(ring.offer(1)).isTrue();
        assertThat(ring.offer(2)).isFalse();
        assertThat(ring.poll()).isEqualTo(1);
        assertThat(ring.poll()).isNull();
        assertThat(ring.offer(3)).isTrue();
        assertThat(ring.size()).isEqualTo(1);
    }

    @Test
    void behavesAsABoundedFifoUnderARandomMixOfOperations() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int cap = 1; cap <= 5; cap++) {
            Ring ring = new Ring(cap);
            ArrayDeque<Integer> model = new ArrayDeque<>();
            for (int step = 0; step < 10_000; step++) {
                if (rnd.nextBoolean()) {
                    boolean room = model.size() < cap;
                    assertThat(ring.offer(step)).isEqualTo(room);
                    if (room) {
                        model.addLast(step);
                    }
                } else {
                    assertThat(ring.poll()).isEqualTo(model.pollFirst());
                }
                assertThat(ring.size()).isEqualTo(model.size());
                assertThat(ring.isEmpty()).isEqualTo(model.isEmpty());
                assertThat(ring.isFull()).isEqualTo(model.size() == cap);
            }
        }
    }

    @Test
    void aPolledSlotNoLongerHoldsItsValue() throws Exception {
        Ring ring = new Ring(2);
        Object big = new Object();
        ring.offer(big);
        ring.poll();
        var items = Ring.class.getDeclaredField("items");
        items.setAccessible(true);
        assertThat((Object[]) items.get(ring)).containsOnlyNulls(); // nothing kept reachable after a receive
    }
}

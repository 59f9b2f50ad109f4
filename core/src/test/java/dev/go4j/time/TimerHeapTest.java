package dev.go4j.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The heap behind every clock, checked against {@link PriorityQueue} on random operations. */
class TimerHeapTest {
    private static final ScheduledTask.Owner NO_OWNER = t -> false;

    @Test
    void randomAddsRemovesAndPollsMatchAPriorityQueue() {
        SplittableRandom rnd = new SplittableRandom(42);
        TimerHeap heap = new TimerHeap();
        Comparator<ScheduledTask> order = (a, b) -> a.before(b) ? -1 : b.before(a) ? 1 : 0;
        PriorityQueue<ScheduledTask> model = new PriorityQueue<>(order);
        List<ScheduledTask> live = new ArrayList<>();
        long seq = 0;
        for (int step = 0; step < 200_000; step++) {
            int op = rnd.nextInt(10);
            if (op < 5 || live.isEmpty()) {
                ScheduledTask t = new ScheduledTask(NO_OWNER, () -> {}, rnd.nextLong(-1000, 1000), seq++);
                heap.add(t);
                model.add(t);
                live.add(t);
            } else if (op < 8) {
                ScheduledTask t = live.remove(rnd.nextInt(live.size()));
                heap.remove(t);
                model.remove(t);
                assertThat(t.index).isEqualTo(-1);
            } else {
                ScheduledTask expected = model.poll();
                assertThat(heap.poll()).isSameAs(expected);
                live.remove(expected);
            }
            assertThat(heap.size()).isEqualTo(model.size());
            assertThat(heap.peek()).isSameAs(model.peek());
        }
    }

    @Test
    void deadlinesCompareByDifferenceSoNanoTimeWrapAroundIsHarmless() {
        ScheduledTask early = new ScheduledTask(NO_OWNER, () -> {}, Long.MAX_VALUE - 5, 0);
        ScheduledTask late = new ScheduledTask(NO_OWNER, () -> {}, Long.MAX_VALUE + 5, 1); // wrapped
        assertThat(early.before(late)).isTrue();
        assertThat(late.before(early)).isFalse();
    }
}

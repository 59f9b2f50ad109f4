package dev.go4j.time;

import java.util.Arrays;

/**
 * A binary min-heap of {@link ScheduledTask}s by deadline, each task knowing its slot so that a
 * cancelled task leaves in O(log n): the shape of Go's per-P timer heap and of the JDK's
 * {@code DelayedWorkQueue}. Not thread-safe: the owner guards it with its lock. The array shrinks
 * back when it empties below a quarter, so a burst of timers does not pin memory for good.
 */
final class TimerHeap {
    private static final int INITIAL = 16;

    private ScheduledTask[] queue = new ScheduledTask[INITIAL];
    private int size;

    int size() {
        return size;
    }

    ScheduledTask peek() {
        return queue[0];
    }

    void add(ScheduledTask t) {
        if (size == queue.length) {
            queue = Arrays.copyOf(queue, size * 2);
        }
        siftUp(size++, t);
    }

    /** Removes and returns the earliest task, or null if empty. */
    ScheduledTask poll() {
        ScheduledTask t = queue[0];
        if (t != null) {
            remove(t);
        }
        return t;
    }

    /** Removes {@code t}, which must be in this heap. */
    void remove(ScheduledTask t) {
        int i = t.index;
        t.index = -1;
        int last = --size;
        ScheduledTask moved = queue[last];
        queue[last] = null;
        if (i != last) {
            siftDown(i, moved);
            if (queue[i] == moved) {
                siftUp(i, moved);
            }
        }
        if (queue.length > INITIAL && size < queue.length >>> 2) {
            queue = Arrays.copyOf(queue, queue.length >>> 1);
        }
    }

    private void siftUp(int i, ScheduledTask t) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            ScheduledTask p = queue[parent];
            if (!t.before(p)) {
                break;
            }
            place(i, p);
            i = parent;
        }
        place(i, t);
    }

    private void siftDown(int i, ScheduledTask t) {
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            ScheduledTask c = queue[child];
            int right = child + 1;
            if (right < size && queue[right].before(c)) {
                child = right;
                c = queue[child];
            }
            if (!c.before(t)) {
                break;
            }
            place(i, c);
            i = child;
        }
        place(i, t);
    }

    private void place(int i, ScheduledTask t) {
        queue[i] = t;
        t.index = i;
    }
}

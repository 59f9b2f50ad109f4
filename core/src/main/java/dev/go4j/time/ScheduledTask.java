package dev.go4j.time;

/**
 * A task waiting in a {@link TimerHeap} for its deadline: the handle {@link Clock#schedule} returns.
 * Its {@link #index} is its slot in the heap, or -1 once it has left the heap (popped to run, or
 * cancelled); both the heap position and that field are guarded by the owner's lock.
 */
final class ScheduledTask implements Clock.Scheduled {
    /** Who holds the heap: the system timer thread or a manual clock. */
    interface Owner {
        /** Removes {@code t} from the heap if it is still there; true if that prevented its run. */
        boolean cancel(ScheduledTask t);
    }

    final Owner owner;
    final Runnable task;
    /** The deadline on the owner's monotonic clock; compared by difference, as {@link System#nanoTime()}. */
    final long when;
    /** Arrival order: tasks with the same deadline run first in, first out. */
    final long seq;
    /** Slot in the heap, -1 when not in it. Guarded by the owner's lock. */
    int index = -1;

    ScheduledTask(Owner owner, Runnable task, long when, long seq) {
        this.owner = owner;
        this.task = task;
        this.when = when;
        this.seq = seq;
    }

    @Override
    public boolean cancel() {
        return owner.cancel(this);
    }

    /** Deadline order, then arrival order; overflow-safe for deadlines less than 2^63 ns apart. */
    boolean before(ScheduledTask o) {
        long d = when - o.when;
        return d < 0L || (d == 0L && seq - o.seq < 0L);
    }
}

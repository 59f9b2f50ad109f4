package dev.go4j.time;

import dev.go4j.internal.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** The real clock; see {@link Clock#system()}. */
final class SystemClock implements Clock {
    static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {}

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable task) {
        long nanos = Durations.toNanos(delay, "delay");
        return TimerQueue.instance().schedule(nanos, Objects.requireNonNull(task, "task"));
    }

    /** {@link Thread#sleep(Duration)}: parks without a timer object. */
    @Override
    public void sleep(Duration d) throws InterruptedException {
        Objects.requireNonNull(d, "d");
        if (!d.isNegative() && !d.isZero()) {
            Thread.sleep(d);
        }
    }

    @Override
    public String toString() {
        return "Clock.system()";
    }
}

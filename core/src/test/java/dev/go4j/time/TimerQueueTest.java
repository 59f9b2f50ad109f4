package dev.go4j.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.go4j.chan.Channel;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The system clock's timer thread, on a queue of the test's own so that other tests' timers do not interfere. */
class TimerQueueTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final TimerQueue queue = new TimerQueue();

    @AfterEach
    void stopTheQueuesThread() throws InterruptedException {
        Thread t = queue.thread();
        queue.close();
        if (t != null) {
            t.join(PATIENCE);
            assertThat(t.isAlive()).isFalse();
        }
    }

    @Test
    void hugelyNegativeDelayFiresAtOnceEvenBehindALaterTimer() throws Exception {
        // Go fires a timer whose delay is negative at once, however negative. Unclamped, now + delay
        // overflowed: the task sorted after every other one and waited behind an hour-long timer.
        queue.schedule(TimeUnit.HOURS.toNanos(1), () -> {});
        CountDownLatch fired = new CountDownLatch(2);
        queue.schedule(Long.MIN_VALUE, fired::countDown);
        queue.schedule(Long.MIN_VALUE + 1, fired::countDown);
        assertThat(fired.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(queue.size()).isEqualTo(1);
    }

    @Test
    void timerWithADurationBetweenNowAndInstantMinFiresAtOnce() throws Exception {
        Timer later = Timer.newTimer(Duration.ofHours(1));
        try {
            Timer t = Timer.newTimer(Duration.between(Instant.now(), Instant.MIN));
            assertThat(t.c().receive(PATIENCE)).isNotNull();
            Channel<Boolean> ran = Channel.make(1);
            Timer.afterFunc(Duration.ofSeconds(Long.MIN_VALUE), () -> ran.trySend(true));
            assertThat(ran.receive(PATIENCE)).isTrue();
        } finally {
            later.stop();
        }
    }

    @Test
    void cancelledTaskIsGarbageWhileTheTimerThreadSleepsUntilItsDeadline() throws Exception {
        // Clock.Scheduled.cancel promises that a cancelled task holds no memory in the clock. The
        // thread sleeps until the deadline of the task that was its head when it parked (by design:
        // no wake-up per cancel); it must not keep that task reachable meanwhile.
        WeakReference<Object> payload = scheduleAndCancelWhileParkedOnIt();
        await().atMost(PATIENCE).until(() -> {
            System.gc();
            return payload.get() == null;
        });
    }

    /** Schedules a 59-minute task holding a payload, waits for the thread to park on it, cancels it. */
    private WeakReference<Object> scheduleAndCancelWhileParkedOnIt() {
        Object big = new byte[1 << 20];
        WeakReference<Object> ref = new WeakReference<>(big);
        Clock.Scheduled task = queue.schedule(TimeUnit.MINUTES.toNanos(59), () -> big.hashCode());
        await().atMost(PATIENCE).until(() -> queue.thread() != null
                && queue.thread().getState() == Thread.State.TIMED_WAITING);
        assertThat(task.cancel()).isTrue();
        assertThat(queue.size()).isZero();
        return ref;
    }
}

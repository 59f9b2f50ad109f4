package dev.go4j.time;

import dev.go4j.benchmarks.Baseline;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a timer that is started and stopped before it fires — every timeout that did not
 * happen: Go's {@code t := time.NewTimer(time.Hour); t.Stop()}. The Go twin is {@code BenchmarkTimer}
 * in {@code go/time/timer_bench_test.go}.
 *
 * <p>Workload, single-threaded: one operation starts a one-hour timer and stops it, and checks that
 * the stop prevented the firing. The implementations:
 * <ul>
 *   <li>{@code GO4J}: {@link Timer#newTimer} and {@link Timer#stop()} (a timer with its one-slot
 *       channel, on the shared timer thread).</li>
 *   <li>{@code GO4J_AFTER_FUNC}: {@link Timer#afterFunc} and stop: no channel.</li>
 *   <li>{@code GO4J_SCHEDULE}: the primitive under both, {@link Clock#schedule} and
 *       {@link Clock.Scheduled#cancel()} on the system clock.</li>
 *   <li>{@code SCHEDULED_THREAD_POOL}: the JDK's answer, a one-thread
 *       {@link ScheduledThreadPoolExecutor} with {@code setRemoveOnCancelPolicy(true)}:
 *       {@code schedule} and {@code cancel(false)}. It signals its worker whenever a task lands on an
 *       empty queue, which this workload does on every operation; go4j's timer thread sleeps on.</li>
 * </ul>
 * Score: nanoseconds per start-and-stop (lower is better).
 *
 * <p>Run: {@code ./mvnw -Pjmh -Djmh.args="TimerBenchmark -f 3"}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class TimerBenchmark {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Runnable NOTHING = () -> {};

    /** The implementations; the first is the one the others are compared with. */
    public enum Impl {
        @Baseline
        GO4J {
            @Override
            boolean startAndStop(TimerBenchmark b) {
                return Timer.newTimer(HOUR).stop();
            }
        },
        GO4J_AFTER_FUNC {
            @Override
            boolean startAndStop(TimerBenchmark b) {
                return Timer.afterFunc(HOUR, NOTHING).stop();
            }
        },
        GO4J_SCHEDULE {
            @Override
            boolean startAndStop(TimerBenchmark b) {
                return Clock.system().schedule(HOUR, NOTHING).cancel();
            }
        },
        SCHEDULED_THREAD_POOL {
            @Override
            boolean startAndStop(TimerBenchmark b) {
                ScheduledFuture<?> f = b.executor.schedule(NOTHING, 1, TimeUnit.HOURS);
                return f.cancel(false);
            }
        };

        abstract boolean startAndStop(TimerBenchmark b);
    }

    @Param
    public Impl impl;

    ScheduledThreadPoolExecutor executor;

    @Setup
    public void setUp() {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "stpe-timer");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    @TearDown
    public void tearDown() {
        executor.shutdownNow();
        if (impl != Impl.SCHEDULED_THREAD_POOL && TimerQueue.instance().size() != 0) {
            throw new IllegalStateException("stopped timers stayed in the timer queue");
        }
    }

    @Benchmark
    public boolean startAndStop() {
        if (!impl.startAndStop(this)) {
            throw new IllegalStateException("stop did not prevent a timer an hour away");
        }
        return true;
    }
}

package dev.go4j;

import dev.go4j.internal.Failures;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * Go's {@code go} statement: {@code Go.go(() -> work())} runs {@code work} concurrently in a new virtual
 * thread, the JVM's goroutine.
 *
 * <p>Semantics: the task starts at once (it is scheduled, not queued behind other tasks) on a virtual
 * thread named {@code goroutine-N}; the call returns immediately. As in Go there is no handle to wait on
 * or cancel by design — use a {@link dev.go4j.chan.Channel} or a WaitGroup — but the thread is
 * returned for tests and diagnostics.
 *
 * <p>Failures: a task may throw anything. Go would crash the whole process on an unrecovered panic; a
 * JVM does not, so a failure nobody catches is handed to a handler instead — by default the thread's
 * {@linkplain Thread#getUncaughtExceptionHandler() uncaught-exception handler} (normally the stack trace
 * on {@code System.err}), or the handler given to {@link #go(Task, Thread.UncaughtExceptionHandler)}.
 * Do not rely on a failure being noticed: report errors over a channel or use an error group.
 *
 * <p>Context ends are not failures: a task that ends by throwing the error of a done context — the
 * {@link dev.go4j.context.ContextException} that {@code ctx.err()} returns, or that a blocking call
 * bounded by {@code ctx} throws — has ended normally, as a Go goroutine that returns {@code ctx.Err()}
 * once its context is cancelled, and is reported to no handler: a thousand workers stopped by one
 * cancellation print nothing. Every other failure is reported, including a {@code ContextException}
 * that code constructed itself and a context error wrapped in another exception. To see context ends
 * too (say, while debugging), call {@link #reportContextEnds(boolean) reportContextEnds(true)} or start
 * the JVM with {@code -Ddev.go4j.reportContextEnds=true}.
 *
 * <p>Thread safety: callable from any thread. Memory consistency effects: actions before
 * {@code Go.go} happen-before the task starts (as {@link Thread#start()}).
 *
 * <p>Example:
 * {@snippet class=dev.go4j.GoSnippets region=go}
 *
 * @implNote One virtual thread per call ({@code Thread.ofVirtual()}): about a kilobyte of heap until it
 * blocks deeply, scheduled on the JDK's shared carrier pool.
 * @since 0.1.0
 */
public final class Go {
    private static final ThreadFactory GOROUTINES = Thread.ofVirtual().name("goroutine-", 1).factory();

    private Go() {}

    /**
     * A unit of work for {@link Go#go(Task)}: like {@link Runnable}, but it may throw.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    public interface Task {
        /**
         * Runs the work.
         *
         * @throws Exception any failure, which goes to the uncaught-failure handler
         */
        void run() throws Exception;
    }

    /**
     * Starts {@code task} in a new virtual thread: Go's {@code go task()}. A failure goes to the thread's
     * uncaught-exception handler; the error of a done context is a normal end (see the class
     * documentation).
     *
     * @param task the work, not null
     * @return the started virtual thread
     * @throws NullPointerException if {@code task} is null
     */
    public static Thread go(Task task) {
        Objects.requireNonNull(task, "task");
        return start(task, null);
    }

    /**
     * Starts {@code task} in a new virtual thread, sending any failure to {@code onFailure}; the error of
     * a done context is a normal end, as for {@link #go(Task)}.
     *
     * @param task the work, not null
     * @param onFailure receives the thread and the failure if the task throws, not null
     * @return the started virtual thread
     * @throws NullPointerException if an argument is null
     */
    public static Thread go(Task task, Thread.UncaughtExceptionHandler onFailure) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(onFailure, "onFailure");
        return start(task, onFailure);
    }

    /**
     * Sets, for the whole JVM, whether a goroutine that ends by throwing the error of a done context is
     * reported to its failure handler like any other failure. The default is false (such an end is
     * normal, as in Go), or the value of the system property {@code dev.go4j.reportContextEnds}.
     * Applies to {@link #go(Task)}, {@link #go(Task, Thread.UncaughtExceptionHandler)} and
     * {@link dev.go4j.sync.WaitGroup#go(Task)}, for goroutines that end after the call.
     *
     * @param report true to report context ends, false to treat them as normal ends
     */
    public static void reportContextEnds(boolean report) {
        Failures.reportContextEnds(report);
    }

    /**
     * Whether a goroutine that ends by throwing the error of a done context is reported; see
     * {@link #reportContextEnds(boolean)}.
     *
     * @return true if context ends are reported; false by default
     */
    public static boolean reportsContextEnds() {
        return Failures.reportsContextEnds();
    }

    private static Thread start(Task task, Thread.UncaughtExceptionHandler onFailure) {
        Thread t = GOROUTINES.newThread(() -> {
            try {
                task.run();
            } catch (Throwable failure) {
                Failures.report(failure, onFailure);
            }
        });
        t.start();
        return t;
    }
}

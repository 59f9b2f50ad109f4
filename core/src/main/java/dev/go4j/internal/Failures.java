package dev.go4j.internal;

import java.util.function.Predicate;

/**
 * Where the failure of a goroutine goes: shared by {@code Go.go} and {@code WaitGroup.go}. A goroutine
 * that ends by throwing the error of a done context has ended normally (Go: it returned
 * {@code ctx.Err()}) and is not reported, unless {@link #reportContextEnds(boolean)} says otherwise.
 * Internal: the package is not exported from the {@code dev.go4j.core} module and is not public API.
 */
public final class Failures {
    /* The context package tells which exceptions are a context's own error: ContextException's static
     * initializer installs the test. Any ContextException instance exists only after that initializer
     * has run, so the test is always installed by the time there is something to recognize. */
    private static volatile Predicate<Throwable> contextError = t -> false;
    private static volatile boolean reportContextEnds = Boolean.getBoolean("dev.go4j.reportContextEnds");

    private Failures() {}

    /**
     * Installs the test that recognizes the error of a done context; called once by the context package.
     *
     * @param test true for an exception that is the {@code err()} of a done context
     */
    public static void recognizeContextErrors(Predicate<Throwable> test) {
        contextError = test;
    }

    /**
     * Whether a goroutine that ends by throwing the error of a done context is reported as a failure.
     *
     * @return the current setting; false unless changed
     */
    public static boolean reportsContextEnds() {
        return reportContextEnds;
    }

    /**
     * Sets whether a goroutine that ends by throwing the error of a done context is reported.
     *
     * @param report true to report it like any other failure
     */
    public static void reportContextEnds(boolean report) {
        reportContextEnds = report;
    }

    /**
     * Whether {@code failure} ended its goroutine normally: it is the error of a done context and such
     * ends are not reported.
     *
     * @param failure what the goroutine threw
     * @return true if it must not be reported
     */
    public static boolean isNormalEnd(Throwable failure) {
        return !reportContextEnds && contextError.test(failure);
    }

    /**
     * Reports the failure of the current goroutine to {@code handler}, or to the thread's
     * uncaught-exception handler if {@code handler} is null, unless it is a normal end.
     *
     * @param failure what the goroutine threw
     * @param handler the handler given at start, or null
     */
    public static void report(Throwable failure, Thread.UncaughtExceptionHandler handler) {
        if (isNormalEnd(failure)) {
            return;
        }
        Thread self = Thread.currentThread();
        (handler != null ? handler : self.getUncaughtExceptionHandler()).uncaughtException(self, failure);
    }
}

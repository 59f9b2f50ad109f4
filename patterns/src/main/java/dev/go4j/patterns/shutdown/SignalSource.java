package dev.go4j.patterns.shutdown;

import java.util.function.Consumer;

/**
 * Where signals come from: the JVM's ({@link JdkSignals}) or a test's fake.
 */
interface SignalSource {

    /**
     * Routes {@code name} to {@code handler} instead of its current handler.
     *
     * @param name the signal's name without {@code SIG}, upper case ({@code TERM})
     * @param handler receives the signal's full name ({@code SIGTERM}) and number, on a thread of the
     *        source's choosing
     * @return restores the handler that was there before
     * @throws IllegalArgumentException if the signal is unknown or may not be handled
     */
    Runnable install(String name, Handler handler);

    /** A signal handler. */
    @FunctionalInterface
    interface Handler {
        /**
         * Called once per delivery.
         *
         * @param signal the full name, such as {@code SIGTERM}
         * @param number the signal's number, such as 15
         */
        void handle(String signal, int number);
    }

    /** Adapts a consumer of names, for tests. */
    static Handler of(Consumer<String> names) {
        return (signal, number) -> names.accept(signal);
    }
}

package dev.go4j.patterns.shutdown;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The JVM's signals, through {@code jdk.unsupported}'s {@link sun.misc.Signal}: the only way a Java
 * program can catch {@code SIGTERM} and keep running.
 */
final class JdkSignals implements SignalSource {
    static final JdkSignals INSTANCE = new JdkSignals();

    private JdkSignals() {}

    @Override
    public Runnable install(String name, Handler handler) {
        Signal signal;
        SignalHandler previous;
        try {
            signal = new Signal(name);
            previous = Signal.handle(signal, s -> handler.handle("SIG" + s.getName(), s.getNumber()));
        } catch (IllegalArgumentException refused) {
            // Unknown on this OS, or used by the JVM itself (SIGQUIT, SIGSEGV, ..., or INT/TERM/HUP
            // under -Xrs): say which and why, keep the JVM's message as the cause.
            throw new IllegalArgumentException("signals: SIG" + name
                    + " cannot be handled in this JVM (unknown, or reserved by the JVM)", refused);
        }
        return () -> Signal.handle(signal, previous);
    }
}

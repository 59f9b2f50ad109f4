package dev.go4j.patterns.shutdown;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The JVM's signals, through {@code jdk.unsupported}'s {@code sun.misc.Signal}: the only way a Java
 * program can catch {@code SIGTERM} and keep running. Reached by reflection, so that the build does
 * not compile against an internal API (and its warnings); the module still {@code requires
 * jdk.unsupported} so that it is present.
 */
final class JdkSignals implements SignalSource {
    static final JdkSignals INSTANCE = new JdkSignals();

    private final Constructor<?> newSignal;
    private final Method handle;
    private final Method getName;
    private final Method getNumber;
    private final Class<?> handlerType;

    private JdkSignals() {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            handlerType = Class.forName("sun.misc.SignalHandler");
            newSignal = signal.getConstructor(String.class);
            handle = signal.getMethod("handle", signal, handlerType);
            getName = signal.getMethod("getName");
            getNumber = signal.getMethod("getNumber");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("signals: sun.misc.Signal (module jdk.unsupported) is not available", e);
        }
    }

    @Override
    public Runnable install(String name, Handler handler) {
        try {
            Object signal = newSignal.newInstance(name);
            Object ours = Proxy.newProxyInstance(JdkSignals.class.getClassLoader(), new Class<?>[] {handlerType},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            handler.handle("SIG" + getName.invoke(args[0]), (Integer) getNumber.invoke(args[0]));
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "go4j handler for SIG" + name;
                    });
            Object previous = handle.invoke(null, signal, ours);
            return () -> {
                try {
                    handle.invoke(null, signal, previous);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("signals: could not restore the handler of SIG" + name, e);
                }
            };
        } catch (InvocationTargetException e) {
            // Unknown on this OS, or used by the JVM itself (SIGQUIT, SIGSEGV, ..., or INT/TERM/HUP
            // under -Xrs): say which and why, keep the JVM's message as the cause.
            throw new IllegalArgumentException("signals: SIG" + name
                    + " cannot be handled in this JVM (unknown, or reserved by the JVM)", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("signals: sun.misc.Signal is not usable", e);
        }
    }
}

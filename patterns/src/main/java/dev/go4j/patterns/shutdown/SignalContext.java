package dev.go4j.patterns.shutdown;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * A context cancelled when the process receives one of the given signals: Go's
 * {@code signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)}, whose {@code stop} is
 * {@link #close()}.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>The first listed signal to arrive cancels {@link #context()} with a
 *       {@link SignalReceivedException} as its cause, so {@code Context.cause(ctx)} names the signal
 *       (Go's context only says {@code context canceled}). The context is also cancelled when its
 *       parent is, or by {@link #close()}.</li>
 *   <li>A <b>second</b> signal, while this is still open, halts the JVM at once with the shell's
 *       status for death by that signal ({@code 128 + number}: 130 for SIGINT, 143 for SIGTERM), without
 *       running shutdown hooks: the operator who presses Ctrl-C twice wants out now.</li>
 *   <li>{@link #close()} (Go's {@code stop()}) cancels the context and gives each signal back the
 *       handler it had before, normally the JVM's: a later SIGTERM then runs the shutdown hooks and
 *       exits. Call it once the graceful shutdown is done, or as soon as it has begun if a second
 *       signal should take the JVM's default path rather than halt.</li>
 * </ul>
 *
 * <h2>What the JVM allows</h2>
 * Java has no public signal API. This class uses {@code sun.misc.Signal} from the
 * {@code jdk.unsupported} module (present in every full JDK and JRE image; an image made with
 * {@code jlink} must add it). Only signals the JVM does not use itself can be handled: SIGINT, SIGTERM
 * and SIGHUP, which by default run the shutdown hooks and exit; SIGKILL and SIGSTOP can never be
 * caught; SIGQUIT (thread dump), SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGUSR2 belong to the JVM; with
 * {@code -Xrs} the JVM leaves SIGINT/SIGTERM/SIGHUP alone and the default action kills it. A refused
 * signal throws {@link IllegalArgumentException}. Handlers run on a platform thread the JVM starts for
 * each delivery. The JVM's other exit path, {@link Runtime#addShutdownHook shutdown hooks}, runs every
 * hook concurrently, in no order and with no time limit, after {@code main} has already lost control:
 * catch the signal here and let a {@link Shutdown} coordinator order the work instead.
 *
 * <p>Thread safety: safe for use from any thread. Memory consistency effects: actions of the thread
 * that delivers the signal before it cancels the context happen-before actions after observing the
 * cancellation.
 *
 * <p>Bad input: a null parent or signal name throws {@link NullPointerException}; a name the JVM does
 * not know or will not hand over throws {@link IllegalArgumentException} naming it, with nothing
 * installed.
 *
 * <p>Example:
 * {@snippet class=dev.go4j.patterns.shutdown.ShutdownSnippets region=notify}
 *
 * @implNote One handler per signal, installed at creation and restored by {@link #close()}; one
 * {@link CancelableContext}. A delivery does one CAS.
 * @since 0.1.0
 */
public final class SignalContext implements AutoCloseable {
    /* Implementation overview
     *
     * first: null until a signal arrives, then its name (CAS: exactly one delivery cancels). A delivery
     * that finds it set halts. closed: set by close() before the old handlers are restored, so a
     * delivery racing with close() is ignored rather than halting a process that asked to stop
     * listening. */

    private final CancelableContext ctx;
    private final AtomicReference<String> first = new AtomicReference<>();
    private final List<Runnable> restore = new ArrayList<>();
    private final IntConsumer halt;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SignalContext(Context parent, IntConsumer halt) {
        this.ctx = Context.withCancel(parent);
        this.halt = halt;
    }

    /**
     * A context cancelled by the first of {@code signals} (by default SIGINT and SIGTERM): Go's
     * {@code signal.NotifyContext}. Use it with try-with-resources.
     *
     * @param parent the parent context
     * @param signals signal names, with or without {@code SIG}, any case ({@code "TERM"},
     *        {@code "SIGINT"}); none means SIGINT and SIGTERM
     * @return the open signal context
     * @throws NullPointerException if {@code parent} or a name is null
     * @throws IllegalArgumentException if a signal cannot be handled in this JVM
     */
    public static SignalContext notifyContext(Context parent, String... signals) {
        return notifyContext(parent, JdkSignals.INSTANCE, code -> Runtime.getRuntime().halt(code), signals);
    }

    /** The form with a fake signal source and halt, for tests. */
    static SignalContext notifyContext(Context parent, SignalSource source, IntConsumer halt, String... signals) {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(signals, "signals");
        Set<String> names = new LinkedHashSet<>();
        for (String s : signals.length == 0 ? new String[] {"INT", "TERM"} : signals) {
            names.add(normalize(s));
        }
        SignalContext sc = new SignalContext(parent, halt);
        try {
            for (String name : names) {
                sc.restore.add(source.install(name, sc::deliver));
            }
        } catch (RuntimeException e) {
            sc.close();
            throw e;
        }
        return sc;
    }

    private static String normalize(String signal) {
        Objects.requireNonNull(signal, "signal");
        String s = signal.strip().toUpperCase(Locale.ROOT);
        if (s.startsWith("SIG")) {
            s = s.substring(3);
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("signal must name a signal, was \"" + signal + "\"");
        }
        return s;
    }

    private void deliver(String signal, int number) {
        if (closed.get()) {
            return; // raced with close(): the caller stopped listening
        }
        if (first.compareAndSet(null, signal)) {
            ctx.cancel(new SignalReceivedException(signal));
        } else {
            halt.accept(128 + number);
        }
    }

    /**
     * The context: cancelled by the first signal (cause {@link SignalReceivedException}), by the
     * parent, or by {@link #close()}.
     *
     * @return the context
     */
    public Context context() {
        return ctx;
    }

    /**
     * The signal that cancelled the context.
     *
     * @return its name ({@code SIGTERM}), or null if none has arrived
     */
    public String signal() {
        return first.get();
    }

    /**
     * Go's {@code stop()}: cancels the context and gives each signal back its previous handler.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ctx.cancel();
        for (int i = restore.size() - 1; i >= 0; i--) {
            restore.get(i).run();
        }
        restore.clear();
    }

    @Override
    public String toString() {
        return "signal.NotifyContext(" + ctx + ", first=" + first.get() + (closed.get() ? ", stopped)" : ")");
    }
}

package dev.go4j.patterns.shutdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Go's {@code signal.NotifyContext} rules, with a fake signal source and a fake halt. */
class SignalContextTest {

    /** Records installs and restores; delivers on demand on the calling thread. */
    static final class FakeSignals implements SignalSource {
        static final Map<String, Integer> NUMBERS = Map.of("INT", 2, "TERM", 15, "HUP", 1);
        final Map<String, Handler> installed = new LinkedHashMap<>();
        final List<String> restored = new ArrayList<>();

        @Override
        public Runnable install(String name, Handler handler) {
            if (!NUMBERS.containsKey(name)) {
                throw new IllegalArgumentException("signals: SIG" + name + " cannot be handled");
            }
            installed.put(name, handler);
            return () -> {
                installed.remove(name);
                restored.add(name);
            };
        }

        void send(String name) {
            Handler h = installed.get(name);
            if (h != null) {
                h.handle("SIG" + name, NUMBERS.get(name));
            }
        }
    }

    private final FakeSignals signals = new FakeSignals();
    private final List<Integer> halts = new ArrayList<>();

    private SignalContext notify(Context parent, String... names) {
        return SignalContext.notifyContext(parent, signals, halts::add, names);
    }

    @Test
    void firstSignalCancelsTheContextWithACauseThatNamesIt() {
        try (SignalContext sc = notify(Context.background())) {
            assertThat(sc.context().err()).isNull();
            signals.send("TERM");
            assertThat(sc.context().err()).isInstanceOf(ContextCanceledException.class);
            assertThat(Context.cause(sc.context())).isInstanceOf(SignalReceivedException.class)
                    .hasMessage("received signal SIGTERM");
            assertThat(((SignalReceivedException) Context.cause(sc.context())).signal()).isEqualTo("SIGTERM");
            assertThat(sc.signal()).isEqualTo("SIGTERM");
            assertThat(halts).isEmpty();
        }
    }

    @Test
    void secondSignalHaltsAtOnceWithTheShellStatusForThatSignal() {
        try (SignalContext sc = notify(Context.background())) {
            signals.send("INT");
            signals.send("INT");
            assertThat(halts).containsExactly(130);
            signals.send("TERM");
            assertThat(halts).containsExactly(130, 143);
            assertThat(sc.signal()).isEqualTo("SIGINT"); // the first one stays the cause
        }
    }

    @Test
    void stopRestoresThePreviousHandlersAndCancels() {
        SignalContext sc = notify(Context.background(), "INT", "TERM");
        assertThat(signals.installed).containsOnlyKeys("INT", "TERM");
        sc.close();
        assertThat(signals.installed).isEmpty();
        assertThat(signals.restored).containsExactlyInAnyOrder("INT", "TERM");
        assertThat(sc.context().err()).isInstanceOf(ContextCanceledException.class);
        assertThat(Context.cause(sc.context())).isNotInstanceOf(SignalReceivedException.class);
        sc.close(); // idempotent, as Go's stop
        assertThat(signals.restored).hasSize(2);
    }

    @Test
    void aDeliveryRacingWithStopIsIgnored() {
        SignalContext sc = notify(Context.background(), "TERM");
        SignalSource.Handler h = signals.installed.get("TERM");
        sc.close();
        h.handle("SIGTERM", 15);
        h.handle("SIGTERM", 15);
        assertThat(halts).isEmpty();
        assertThat(sc.signal()).isNull();
    }

    @Test
    void parentCancellationCancelsTheContext() {
        try (CancelableContext parent = Context.withCancel(Context.background());
                SignalContext sc = notify(parent)) {
            parent.cancel();
            assertThat(sc.context().err()).isInstanceOf(ContextCanceledException.class);
        }
    }

    @Test
    void namesAreNormalisedAndTheDefaultIsInterruptAndTerminate() {
        try (SignalContext sc = notify(Context.background())) {
            assertThat(signals.installed.keySet()).isEqualTo(Set.of("INT", "TERM"));
        }
        try (SignalContext sc = notify(Context.background(), "sigterm", "TERM", " Hup ")) {
            assertThat(List.copyOf(signals.installed.keySet())).containsExactly("TERM", "HUP");
        }
    }

    @Test
    void aSignalThatCannotBeHandledThrowsAndLeavesNothingInstalled() {
        assertThatThrownBy(() -> notify(Context.background(), "TERM", "KILL"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SIGKILL");
        assertThat(signals.installed).isEmpty();
        assertThat(signals.restored).containsExactly("TERM");
        assertThatThrownBy(() -> notify(Context.background(), "SIG"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signal");
        assertThatThrownBy(() -> notify(Context.background(), (String) null)).hasMessage("signal");
        assertThatThrownBy(() -> notify(null)).hasMessage("parent");
    }

    @Test
    void theJvmRefusesSignalsItCannotHandOver() {
        // SIGKILL can never be caught; the JVM's own refusal becomes an IllegalArgumentException.
        assertThatThrownBy(() -> SignalContext.notifyContext(Context.background(), "KILL"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SIGKILL");
    }
}

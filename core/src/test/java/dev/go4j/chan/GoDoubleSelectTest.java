package dev.go4j.chan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Go's {@code test/chan/doubleselect.go}, ported to the public API: it flushes out a select in which
 * two cases both run. A sender selects over four unbuffered send cases, each carrying the same counter;
 * four muxes forward whatever they receive to one channel; the receiver checks that no value arrives
 * twice (and, beyond Go's check, that every value arrives).
 */
class GoDoubleSelectTest {

    /** {@code doubleselect.go}: 100 000 iterations, Go's default. */
    @Test
    void testDoubleSelect() throws Exception {
        int iterations = 100_000;
        Channel<Integer> c1 = Channel.make();
        Channel<Integer> c2 = Channel.make();
        Channel<Integer> c3 = Channel.make();
        Channel<Integer> c4 = Channel.make();
        Channel<Boolean> done = Channel.make();
        Channel<Integer> cmux = Channel.make();
        Set<Integer> seen = new HashSet<>();
        try (Goroutines g = new Goroutines()) {
            g.go(() -> sender(iterations, c1, c2, c3, c4));
            for (Channel<Integer> in : java.util.List.of(c1, c2, c3, c4)) {
                g.go(() -> mux(cmux, in, done));
            }
            g.go(() -> {
                for (int i = 0; i < 4; i++) {
                    done.receive();
                }
                cmux.close();
            });
            // recver: gets a stream of values from the four muxes and checks for duplicates.
            for (int v : cmux) {
                if (!seen.add(v)) {
                    throw new AssertionError("got duplicate value: " + v);
                }
            }
            g.join();
        }
        assertThat(seen).as("values received").hasSize(iterations);
    }

    /**
     * Sends a counter to one of four channels. If two cases both ran in one iteration, the same value
     * would be sent on two channels.
     */
    private static void sender(int n, SendChannel<Integer> c1, SendChannel<Integer> c2, SendChannel<Integer> c3,
            SendChannel<Integer> c4) throws InterruptedException {
        try {
            for (int i = 0; i < n; i++) {
                new Select<Void>()
                        .onSend(c1, i, () -> null)
                        .onSend(c2, i, () -> null)
                        .onSend(c3, i, () -> null)
                        .onSend(c4, i, () -> null)
                        .run();
            }
        } finally {
            c4.close();
            c3.close();
            c2.close();
            c1.close();
        }
    }

    /** Receives the values from the sender and forwards them onto another channel. */
    private static void mux(SendChannel<Integer> out, ReceiveChannel<Integer> in, SendChannel<Boolean> done)
            throws InterruptedException {
        for (int v : in) {
            out.send(v);
        }
        done.send(true);
    }
}

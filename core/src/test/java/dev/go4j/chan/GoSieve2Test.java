package dev.go4j.chan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

/**
 * Go's {@code test/chan/sieve2.go}, ported to the public API: an Eratosthenes sieve over odd candidates
 * built from goroutines and buffered channels — a generator per prime's multiples, a heap merging them
 * into the composites, a feedback loop of primes through a select-driven proxy with an unbounded buffer
 * (whose send case is disabled with the nil channel while the buffer is empty). The first 25 primes
 * must come out in order. The goroutines run forever, as in Go; the test interrupts and joins them.
 */
class GoSieve2Test {
    private final Goroutines g = new Goroutines();

    /** A chan of odd numbers, starting from 5. */
    private Channel<Integer> odds() {
        Channel<Integer> out = Channel.make(50);
        g.go(() -> {
            for (int n = 5; ; n += 2) {
                out.send(n);
            }
        });
        return out;
    }

    /** A chan of odd multiples of the prime p, starting from p*p. */
    private Channel<Integer> multiples(int p) {
        Channel<Integer> out = Channel.make(10);
        g.go(() -> {
            for (int n = p * p; ; n += 2 * p) {
                out.send(n);
            }
        });
        return out;
    }

    private static final class PeekCh {
        int head;
        final Channel<Integer> ch;

        PeekCh(int head, Channel<Integer> ch) {
            this.head = head;
            this.ch = ch;
        }
    }

    /**
     * A channel that serves as a sending proxy to {@code out}: a goroutine receives values from the
     * proxy and stores them in an expanding buffer, so that sending to the proxy never blocks for long.
     */
    private Channel<Integer> sendproxy(Channel<Integer> out) {
        Channel<Integer> proxy = Channel.make(10);
        g.go(() -> {
            ArrayDeque<Integer> buffer = new ArrayDeque<>();
            for (;;) {
                // buffer empty: disable output
                Channel<Integer> c = buffer.isEmpty() ? Channel.nil() : out;
                int e = buffer.isEmpty() ? 0 : buffer.peekFirst();
                boolean received = new Select<Boolean>()
                        .onReceive(proxy, v -> {
                            buffer.addLast(v);
                            return true;
                        })
                        .onSend(c, e, () -> false)
                        .run();
                if (!received) {
                    buffer.removeFirst();
                }
            }
        });
        return proxy;
    }

    /** A chan of primes. */
    private Channel<Integer> sieve() throws InterruptedException {
        // The output values.
        Channel<Integer> out = Channel.make(10);
        out.send(2);
        out.send(3);
        // The channel of all composites to be eliminated in increasing order.
        Channel<Integer> composites = Channel.make(50);
        // The feedback loop.
        Channel<Integer> primes = Channel.make(10);
        primes.send(3);
        // Merge channels of multiples of 'primes' into 'composites'.
        g.go(() -> {
            PriorityQueue<PeekCh> h = new PriorityQueue<>(Comparator.comparingInt(pc -> pc.head));
            int min = 15;
            for (;;) {
                Channel<Integer> m = multiples(primes.receive());
                int head = m.receive();
                while (min < head) {
                    composites.send(min);
                    PeekCh minchan = h.remove();
                    min = minchan.head;
                    minchan.head = minchan.ch.receive();
                    h.add(minchan);
                }
                while (min == head) {
                    PeekCh minchan = h.remove();
                    min = minchan.head;
                    minchan.head = minchan.ch.receive();
                    h.add(minchan);
                }
                composites.send(head);
                h.add(new PeekCh(m.receive(), m));
            }
        });
        // Sieve out 'composites' from 'candidates'.
        g.go(() -> {
            // Only multiples of primes <= sqrt(nth prime) are needed, so the merger receives from
            // 'primes' far slower than this sends: a proxy buffers them, or the two would deadlock.
            Channel<Integer> proxied = sendproxy(primes);
            Channel<Integer> candidates = odds();
            int p = candidates.receive();
            for (;;) {
                int c = composites.receive();
                while (p < c) {
                    proxied.send(p);
                    out.send(p);
                    p = candidates.receive();
                }
                if (p == c) {
                    p = candidates.receive();
                }
            }
        });
        return out;
    }

    /** {@code sieve2.go}: the primes below 100, in order. */
    @Test
    void testSieve2() throws Exception {
        int[] a = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97};
        List<Integer> got = new ArrayList<>();
        try (g) {
            Channel<Integer> primes = sieve();
            for (int i = 0; i < a.length; i++) {
                got.add(primes.receive());
                g.rethrow();
            }
        }
        assertThat(got).containsExactly(java.util.Arrays.stream(a).boxed().toArray(Integer[]::new));
    }
}

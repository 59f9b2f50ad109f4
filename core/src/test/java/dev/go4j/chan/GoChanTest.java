package dev.go4j.chan;

import static dev.go4j.chan.Goroutines.awaitBlocked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Go's runtime channel tests ({@code src/runtime/chan_test.go}), ported to the public API: one method
 * per Go test, named after it. Where Go sleeps to "let the goroutine block", the port waits until the
 * virtual thread is parked; where Go's goroutines are left running when the test returns, the port
 * interrupts and joins them. Iteration counts are Go's {@code -short} ones or close to them, so the
 * class runs in seconds on a busy 2-core machine.
 */
class GoChanTest {
    /** Bounds of the sustained race: it ends at the first default, else after this many selects or nanoseconds. */
    private static final long SUSTAINED_SELECTS = 50_000_000L;
    private static final long SUSTAINED_NANOS = 8_000_000_000L;

    /**
     * {@code TestChan}: for every capacity, receive from an empty channel blocks, send to a full one
     * blocks, the non-blocking forms do not, a closed channel yields its buffer then "closed", close
     * unblocks a receiver, values arrive whole and in FIFO order (also with 4 senders and 4 receivers),
     * and {@code len}/{@code cap} are right. Go runs capacities 0..199 (0..19 with {@code -short}).
     */
    @Test
    void testChan() throws Exception {
        int n = 20;
        for (int chanCap = 0; chanCap < n; chanCap++) {
            chanCapacity(chanCap);
        }
        for (int chanCap : new int[] {50, 100, 199}) {
            chanCapacity(chanCap);
        }
    }

    private static void chanCapacity(int chanCap) throws Exception {
        String at = "chan[" + chanCap + "]";
        try (Goroutines g = new Goroutines()) {
            // Ensure that receive from empty chan blocks.
            Channel<Integer> c = Channel.make(chanCap);
            AtomicBoolean recv1 = new AtomicBoolean();
            AtomicBoolean recv2 = new AtomicBoolean();
            Thread r1 = g.go(() -> {
                c.receive();
                recv1.set(true);
            });
            Thread r2 = g.go(() -> {
                c.receiveOrNull();
                recv2.set(true);
            });
            awaitBlocked(r1);
            awaitBlocked(r2);
            assertThat(recv1.get() || recv2.get()).as(at + ": receive from empty chan").isFalse();
            // Ensure that non-blocking receive does not block.
            assertThat(new Select<String>().onReceive(c, v -> "received").orDefault(() -> "default").run())
                    .as(at + ": receive from empty chan").isEqualTo("default");
            assertThat(c.tryReceive()).as(at + ": receive from empty chan").isNull();
            c.send(0);
            c.send(0);
            g.join();
            assertThat(recv1.get() && recv2.get()).isTrue();
        }
        try (Goroutines g = new Goroutines()) {
            // Ensure that send to full chan blocks.
            Channel<Integer> c = Channel.make(chanCap);
            for (int i = 0; i < chanCap; i++) {
                c.send(i);
            }
            AtomicBoolean sent = new AtomicBoolean();
            Thread s = g.go(() -> {
                c.send(0);
                sent.set(true);
            });
            awaitBlocked(s);
            assertThat(sent.get()).as(at + ": send to full chan").isFalse();
            // Ensure that non-blocking send does not block.
            assertThat(new Select<String>().onSend(c, 0, () -> "sent").orDefault(() -> "default").run())
                    .as(at + ": send to full chan").isEqualTo("default");
            c.receive();
            g.join();
            assertThat(sent.get()).isTrue();
        }
        {
            // Ensure that we receive "closed" from a closed chan, after its buffer.
            Channel<Integer> c = Channel.make(chanCap);
            for (int i = 0; i < chanCap; i++) {
                c.send(i);
            }
            c.close();
            for (int i = 0; i < chanCap; i++) {
                assertThat(c.receive()).as(at + ": received").isEqualTo(i);
            }
            assertThatThrownBy(c::receive).isInstanceOf(ChannelClosedException.class); // Go: zero value
            assertThat(c.receiveOrNull()).as(at + ": v, ok := <-c gives ok == false").isNull();
        }
        try (Goroutines g = new Goroutines()) {
            // Ensure that close unblocks receive.
            Channel<Integer> c = Channel.make(chanCap);
            Channel<Boolean> done = Channel.make();
            Thread r = g.go(() -> done.send(c.receiveOrNull() == null));
            awaitBlocked(r);
            c.close();
            assertThat(done.receive()).as(at + ": received non zero from closed chan").isTrue();
            g.join();
        }
        try (Goroutines g = new Goroutines()) {
            // Send 100 integers, ensure that we receive them non-corrupted in FIFO order.
            Channel<Integer> c = Channel.make(chanCap);
            g.go(() -> {
                for (int i = 0; i < 100; i++) {
                    c.send(i);
                }
            });
            for (int i = 0; i < 100; i++) {
                assertThat(c.receive()).as(at + ": received").isEqualTo(i);
            }
            // Same, but using recv2.
            g.go(() -> {
                for (int i = 0; i < 100; i++) {
                    c.send(i);
                }
            });
            for (int i = 0; i < 100; i++) {
                Integer v = c.receiveOrNull();
                assertThat(v).as(at + ": receive failed, expected " + i).isNotNull().isEqualTo(i);
            }
            // Send 1000 integers in 4 goroutines, ensure that we receive what we send.
            int p = 4;
            int l = 1000;
            for (int k = 0; k < p; k++) {
                g.go(() -> {
                    for (int i = 0; i < l; i++) {
                        c.send(i);
                    }
                });
            }
            Channel<Map<Integer, Integer>> done = Channel.make();
            for (int k = 0; k < p; k++) {
                g.go(() -> {
                    Map<Integer, Integer> recv = new HashMap<>();
                    for (int i = 0; i < l; i++) {
                        recv.merge(c.receive(), 1, Integer::sum);
                    }
                    done.send(recv);
                });
            }
            Map<Integer, Integer> recv = new HashMap<>();
            for (int k = 0; k < p; k++) {
                done.receive().forEach((key, v) -> recv.merge(key, v, Integer::sum));
            }
            assertThat(recv).as(at + ": received values").hasSize(l);
            assertThat(recv.values()).as(at + ": each value received P times").allMatch(v -> v == p);
            g.join();
        }
        {
            // Test len/cap.
            Channel<Integer> c = Channel.make(chanCap);
            assertThat(c.size()).as(at + ": len").isZero();
            assertThat(c.capacity()).as(at + ": cap").isEqualTo(chanCap);
            for (int i = 0; i < chanCap; i++) {
                c.send(i);
            }
            assertThat(c.size()).as(at + ": len").isEqualTo(chanCap);
            assertThat(c.capacity()).as(at + ": cap").isEqualTo(chanCap);
        }
    }

    /**
     * {@code TestNonblockRecvRace}: a non-blocking receive on a channel that holds a value, racing
     * {@code close}, must receive (the value, or "closed"): a closed channel is always ready. Go: 10 000
     * rounds.
     */
    @Test
    void testNonblockRecvRace() throws Exception {
        for (int i = 0; i < 10_000; i++) {
            try (Goroutines g = new Goroutines()) {
                Channel<Integer> c = Channel.make(1);
                c.send(1);
                g.go(() -> {
                    boolean ready = new Select<Boolean>().onReceive(c, v -> true).orDefault(() -> false).run();
                    assertThat(ready).as("chan is not ready").isTrue();
                });
                c.close();
                c.receiveOrNull();
                g.join();
            }
        }
    }

    /**
     * {@code TestNonblockSelectRace}: select acts on the state of the channels at one moment, not over a
     * smeared window. From the moment the selecting goroutine starts, c1 or c2 always holds a value, so
     * its select with a default must never take the default. Go: 100 000 rounds (1 000 with
     * {@code -short}); here 100 000.
     */
    @Test
    void testNonblockSelectRace() throws Exception {
        nonblockSelectRace(false);
    }

    /** {@code TestNonblockSelectRace2}: the same, with {@code close(c2)} (unbuffered) instead of {@code c2 <- 1}. */
    @Test
    void testNonblockSelectRace2() throws Exception {
        nonblockSelectRace(true);
    }

    private static void nonblockSelectRace(boolean closeC2) throws Exception {
        int n = 100_000;
        Channel<Boolean> done = Channel.make(1);
        int defaults = 0;
        for (int i = 0; i < n; i++) {
            Channel<Integer> c1 = Channel.make(1);
            Channel<Integer> c2 = closeC2 ? Channel.make() : Channel.make(1);
            c1.send(1);
            try (Goroutines g = new Goroutines()) {
                g.go(() -> done.send(new Select<Boolean>()
                        .onReceive(c1, v -> true)
                        .onReceive(c2, v -> true)
                        .orDefault(() -> false)
                        .run()));
                if (closeC2) {
                    c2.close();
                } else {
                    c2.send(1);
                }
                c1.tryReceive();
                if (!done.receive()) {
                    defaults++;
                }
                g.join();
            }
        }
        assertThat(defaults).as("selects that took the default while c1 or c2 was ready (no chan is ready), of " + n)
                .isZero();
    }

    /**
     * {@code TestNonblockSelectRace}, sustained: the same rule checked in one long race rather than
     * 100 000 short ones. c1 and c2 together always hold a value (a helper moves it between them), so a
     * select over both with a default must never take the default. Bounded to 5·10^7 selects or 8
     * seconds, whichever comes first; it stops at the first default.
     */
    @Test
    void testNonblockSelectRaceSustained() throws Exception {
        nonblockSelectRaceSustained(false);
    }

    /**
     * {@code TestNonblockSelectRace}, sustained, with a third case on an unbuffered channel nobody uses:
     * the select can then no longer commit a buffered case on its own, and "nothing is ready" is
     * decided with every channel's lock held.
     */
    @Test
    void testNonblockSelectRaceSustainedWithIdleCase() throws Exception {
        nonblockSelectRaceSustained(true);
    }

    private static void nonblockSelectRaceSustained(boolean idleCase) throws Exception {
        Channel<Integer> c1 = Channel.make(1);
        Channel<Integer> c2 = Channel.make(1);
        c1.send(1);
        AtomicBoolean stop = new AtomicBoolean();
        long defaults = 0;
        long selects = 0;
        {
            Thread mover = Thread.ofPlatform().start(() -> {
                try {
                    while (!stop.get()) {
                        c2.send(1);
                        c1.receive();
                        c1.send(1);
                        c2.receive();
                    }
                } catch (InterruptedException e) {
                    // stopped
                }
            });
            Select<Integer> sel = new Select<Integer>()
                    .onReceive(c1, v -> 1)
                    .onReceive(c2, v -> 2)
                    .orDefault(() -> 0);
            if (idleCase) {
                sel.onReceive(Channel.<Integer>make(), v -> 3);
            }
            long end = System.nanoTime() + SUSTAINED_NANOS;
            try {
                for (; selects < SUSTAINED_SELECTS && System.nanoTime() - end < 0; selects++) {
                    int w = sel.run();
                    if (w == 0) {
                        defaults++;
                        break; // one is proof enough
                    } else {
                        (w == 1 ? c1 : c2).send(1);
                    }
                }
            } finally {
                stop.set(true);
                mover.interrupt();
                mover.join();
            }
        }
        assertThat(defaults).as("defaults taken in %d selects while c1 or c2 held a value", selects).isZero();
    }

    /**
     * {@code TestSelfSelect}: a select that both sends on and receives from one channel, run by two
     * goroutines, neither crashes nor deadlocks, and on an unbuffered channel never receives its own
     * value.
     */
    @Test
    void testSelfSelect() throws Exception {
        for (int chanCap : new int[] {0, 10}) {
            Channel<Integer> c = Channel.make(chanCap);
            try (Goroutines g = new Goroutines()) {
                for (int p = 0; p < 2; p++) {
                    int me = p;
                    g.go(() -> {
                        for (int i = 0; i < 1000; i++) {
                            Integer v = me == 0 || i % 2 == 0
                                    ? new Select<Integer>().onSend(c, me, () -> null).onReceive(c, x -> x).run()
                                    : new Select<Integer>().onReceive(c, x -> x).onSend(c, me, () -> null).run();
                            if (chanCap == 0 && v != null && v == me) {
                                throw new AssertionError("self receive");
                            }
                        }
                    });
                }
                g.join();
            }
        }
    }

    /**
     * {@code TestSelectStress}: 4 senders and 4 receivers on 4 channels (two unbuffered, capacities 2
     * and 3), plus one select sending on all four and one select receiving from all four, each case
     * disabled (set to the nil channel) after N values: all of it ends, nothing deadlocks. Go: N = 10^5
     * (10^4 with {@code -short}); here 10^4.
     */
    @Test
    void testSelectStress() throws Exception {
        List<Channel<Integer>> c = List.of(Channel.make(), Channel.make(), Channel.make(2), Channel.make(3));
        int n = 10_000;
        try (Goroutines g = new Goroutines()) {
            for (int k = 0; k < 4; k++) {
                Channel<Integer> ck = c.get(k);
                g.go(() -> {
                    for (int i = 0; i < n; i++) {
                        ck.send(0);
                    }
                });
                g.go(() -> {
                    for (int i = 0; i < n; i++) {
                        ck.receive();
                    }
                });
            }
            g.go(() -> {
                int[] cnt = new int[4];
                @SuppressWarnings("unchecked")
                Channel<Integer>[] c1 = c.toArray(new Channel[0]);
                for (int i = 0; i < 4 * n; i++) {
                    Select<Integer> s = new Select<>();
                    for (int k : new int[] {3, 2, 0, 1}) {
                        s.onSend(c1[k], 0, () -> k);
                    }
                    int k = s.run();
                    if (++cnt[k] == n) {
                        c1[k] = Channel.nil();
                    }
                }
            });
            g.go(() -> {
                int[] cnt = new int[4];
                @SuppressWarnings("unchecked")
                Channel<Integer>[] c1 = c.toArray(new Channel[0]);
                for (int i = 0; i < 4 * n; i++) {
                    Select<Integer> s = new Select<>();
                    for (int k = 0; k < 4; k++) {
                        int kk = k;
                        s.onReceive(c1[k], v -> kk);
                    }
                    int k = s.run();
                    if (++cnt[k] == n) {
                        c1[k] = Channel.nil();
                    }
                }
            });
            g.join();
        }
    }

    /**
     * {@code TestSelectFairness}: a select over two always-ready buffered channels (and two never-ready
     * unbuffered ones) picks each about half the time: more than 10 standard deviations from 5 000 of
     * 10 000 fails.
     */
    @Test
    void testSelectFairness() throws Exception {
        int trials = 10_000;
        Channel<Integer> c1 = Channel.make(trials + 1);
        Channel<Integer> c2 = Channel.make(trials + 1);
        for (int i = 0; i < trials + 1; i++) {
            c1.send(1);
            c2.send(2);
        }
        Channel<Integer> c3 = Channel.make();
        Channel<Integer> c4 = Channel.make();
        Channel<Integer> out = Channel.make();
        Channel<Integer> done = Channel.make();
        int cnt1 = 0;
        int cnt2 = 0;
        try (Goroutines g = new Goroutines()) {
            g.go(() -> {
                Select<Integer> pick = new Select<Integer>()
                        .onReceive(c3, b -> b)
                        .onReceive(c4, b -> b)
                        .onReceive(c1, b -> b)
                        .onReceive(c2, b -> b);
                for (;;) {
                    int b = pick.run();
                    boolean stop = new Select<Boolean>()
                            .onSend(out, b, () -> false)
                            .onReceive(done, v -> true)
                            .run();
                    if (stop) {
                        return;
                    }
                }
            });
            for (int i = 0; i < trials; i++) {
                int b = out.receive();
                switch (b) {
                    case 1 -> cnt1++;
                    case 2 -> cnt2++;
                    default -> throw new AssertionError("unexpected value " + b + " on channel");
                }
            }
            done.close();
            g.join();
        }
        double mean = trials * 0.5;
        double stddev = Math.sqrt(trials * 0.5 * (1 - 0.5));
        assertThat(Math.abs(cnt1 - mean))
                .as("unfair select: in %d trials, results were %d, %d", trials, cnt1, cnt2)
                .isLessThanOrEqualTo(10 * stddev);
    }

    /** {@code TestChanSendInterface}: send cases of a full channel with a default do not block or fail. */
    @Test
    void testChanSendInterface() throws Exception {
        Object m = new Object();
        Channel<Object> c = Channel.make(1);
        c.send(m);
        assertThat(new Select<String>().onSend(c, m, () -> "sent").orDefault(() -> "default").run())
                .isEqualTo("default");
        assertThat(new Select<String>()
                .onSend(c, m, () -> "sent")
                .onSend(c, new Object(), () -> "sent")
                .orDefault(() -> "default")
                .run()).isEqualTo("default");
    }

    /**
     * {@code TestPseudoRandomSend}: a select with two send cases on one channel ({@code c <- 1},
     * {@code c <- 0}), received by a goroutine that yields before each receive, sends each value more
     * than 10 times in 100, on an unbuffered channel (where the select mostly parks) and a buffered one.
     */
    @Test
    void testPseudoRandomSend() throws Exception {
        int n = 100;
        for (int chanCap : new int[] {0, n}) {
            Channel<Integer> c = Channel.make(chanCap);
            int[] l = new int[n];
            try (Goroutines g = new Goroutines()) {
                g.go(() -> {
                    for (int i = 0; i < n; i++) {
                        Thread.yield();
                        l[i] = c.receive();
                    }
                });
                Select<Void> s = new Select<Void>().onSend(c, 1, () -> null).onSend(c, 0, () -> null);
                for (int i = 0; i < n; i++) {
                    s.run();
                }
                g.join(); // the join publishes l, as Go's mutex does
            }
            int n1 = 0;
            for (int v : l) {
                n1 += v;
            }
            int n0 = n - n1;
            assertThat(n0 > n / 10 && n1 > n / 10)
                    .as("want pseudorandom, got %d zeros and %d ones (chan cap %d)", n0, n1, chanCap)
                    .isTrue();
        }
    }

    /**
     * {@code TestPseudoRandomSend}, with the select parked every time: Go enqueues a parked select's
     * cases in the random poll order, which permutes two cases on one channel, so the receiver that
     * wakes it gets either value. Each of 100 selects is seen parked before the receive.
     */
    @Test
    void testPseudoRandomSendParked() throws Exception {
        Channel<Integer> c = Channel.make();
        int first = pseudoRandomParked(() -> new Select<Void>().onSend(c, 1, () -> null).onSend(c, 0, () -> null).run(),
                () -> c.receive() == 1);
        assertThat(first).as("parked select fired its first send case %d times in 100", first).isBetween(11, 89);
    }

    /** The same for two receive cases on one channel: the sender wakes either case. */
    @Test
    void testPseudoRandomReceiveParked() throws Exception {
        Channel<Integer> c = Channel.make();
        AtomicInteger fired = new AtomicInteger();
        int first = pseudoRandomParked(
                () -> fired.set(new Select<Integer>().onReceive(c, v -> 1).onReceive(c, v -> 0).run()),
                () -> {
                    c.send(7);
                    return null;
                },
                fired);
        assertThat(first).as("parked select fired its first receive case %d times in 100", first).isBetween(11, 89);
    }

    private interface Partner {
        Boolean run() throws Exception;
    }

    private static int pseudoRandomParked(Goroutines.Body select, Partner partner) throws Exception {
        return pseudoRandomParked(select, partner, null);
    }

    private static int pseudoRandomParked(Goroutines.Body select, Partner partner, AtomicInteger fired)
            throws Exception {
        int first = 0;
        for (int i = 0; i < 100; i++) {
            try (Goroutines g = new Goroutines()) {
                Thread t = g.go(select);
                awaitBlocked(t);
                Boolean firstFired = partner.run();
                g.join();
                if (fired != null ? fired.get() == 1 : firstFired) {
                    first++;
                }
            }
        }
        return first;
    }

    /**
     * {@code TestMultiConsumer}: 23 workers {@code range} over a job channel and forward to a result
     * channel; the feeder closes jobs, waits for the workers, closes results; every one of the 271 828
     * values arrives exactly once (count and sum).
     */
    @Test
    void testMultiConsumer() throws Exception {
        int nwork = 23;
        int niter = 271_828;
        int[] pn = {2, 3, 7, 11, 13, 17, 19, 23, 27, 31};
        Channel<Integer> q = Channel.make(nwork * 3);
        Channel<Integer> r = Channel.make(nwork * 3);
        long[] expect = new long[1];
        long n = 0;
        long s = 0;
        try (Goroutines g = new Goroutines(); Goroutines workers = new Goroutines()) {
            for (int i = 0; i < nwork; i++) {
                int w = i;
                workers.go(() -> {
                    for (int v : q) {
                        if (pn[w % pn.length] == v) {
                            Thread.yield(); // mess with the fifo-ish nature of range
                        }
                        r.send(v);
                    }
                });
            }
            g.go(() -> {
                for (int i = 0; i < niter; i++) {
                    int v = pn[i % pn.length];
                    expect[0] += v;
                    q.send(v);
                }
                q.close(); // no more work
                workers.join(); // workers done
                r.close(); // ... so there can be no more results
            });
            for (int v : r) {
                n++;
                s += v;
            }
            g.join();
        }
        assertThat(n).as("values received").isEqualTo(niter);
        assertThat(s).as("sum received").isEqualTo(expect[0]);
    }

    /**
     * {@code TestSelectDuplicateChannel}: a goroutine can be queued on one channel twice by one select.
     * A parks in {@code select { case <-c: case <-c: case <-d: }}, then B parks in {@code <-c}; waking A
     * through d must dequeue both of A's nodes from c, so that the next send on c reaches B.
     */
    @Test
    void testSelectDuplicateChannel() throws Exception {
        Channel<Integer> c = Channel.make();
        Channel<Integer> d = Channel.make();
        Channel<Integer> e = Channel.make();
        try (Goroutines g = new Goroutines()) {
            Thread a = g.go(() -> {
                new Select<Void>().onReceive(c, v -> null).onReceive(c, v -> null).onReceive(d, v -> null).run();
                e.send(9);
            });
            awaitBlocked(a); // make sure goroutine A gets queued first on c
            AtomicInteger bGot = new AtomicInteger();
            Thread b = g.go(() -> bGot.set(c.receive()));
            awaitBlocked(b); // make sure goroutine B gets queued on c before continuing
            d.send(7); // wake up A, it dequeues itself from c
            assertThat(e.receive()).isEqualTo(9); // A tells us it's done
            c.send(8); // wake up B
            g.join();
            assertThat(bGot.get()).isEqualTo(8);
        }
    }

    /**
     * {@code TestSelectStackAdjust}: in Go, that a parked select's receive slot survives stack shrinking.
     * The JVM has no such stacks; what carries over is the rest: two goroutines parked on
     * {@code select { case cx = <-c: case <-c2: case <-d: case <-d2: }} (one with c2, d2 nil, one with
     * them duplicating c, d) both wake once when d is closed, through a case on d, leaving cx untouched.
     */
    @Test
    void testSelectStackAdjust() throws Exception {
        Channel<Integer> c = Channel.make();
        Channel<Integer> d = Channel.make();
        int[] results = new int[2];
        try (Goroutines g = new Goroutines()) {
            Thread[] ts = new Thread[2];
            for (int k = 0; k < 2; k++) {
                boolean dup = k == 1;
                int slot = k;
                ts[k] = g.go(() -> {
                    int[] cx = {42};
                    Channel<Integer> c2 = dup ? c : Channel.nil();
                    Channel<Integer> d2 = dup ? d : Channel.nil();
                    String fired = new Select<String>()
                            .onReceive(c, v -> {
                                cx[0] = v;
                                return "c";
                            })
                            .onReceive(c2, v -> "c2")
                            .onReceive(d, v -> v == null ? "d closed" : "d")
                            .onReceive(d2, v -> v == null ? "d2 closed" : "d2")
                            .run();
                    assertThat(fired).endsWith("closed");
                    results[slot] = cx[0];
                });
            }
            awaitBlocked(ts[0]);
            awaitBlocked(ts[1]);
            d.close(); // wake selects
            g.join();
        }
        assertThat(results).containsExactly(42, 42);
    }
}

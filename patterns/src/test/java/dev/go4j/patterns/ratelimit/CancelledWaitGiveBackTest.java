package dev.go4j.patterns.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A cancelled wait gives back only what no later reservation depends on — Go's
 * {@code Reservation.CancelAt} in {@code x/time/rate}: "tokens reserved after r should not be
 * restored". Waiters queued behind a cancelled one keep their due times, so handing its permits back
 * would let the next caller share the last waiter's instant: two grants at once with a burst of one.
 *
 * <p>Table-driven at fixed instants of a {@link ManualClock} (Go's {@code rate_test.go} habit): each
 * scenario is a script of calls at instants, and the grants each flavour makes are compared with the
 * expected schedule, which is the one the {@code x/time/rate} port ({@link Limiter}) makes. Rate 1 per
 * second, burst 1. Each waiter is a virtual thread; the script moves on only when every waiter has
 * either returned or is parked on its one clock timer, so the order of reservations is the order of
 * the script and each grant is seen at the instant its timer fired.
 */
@Timeout(60)
class CancelledWaitGiveBackTest {

    /** The flavours that reserve (the channel bucket does not: a waiter holds no slot in a queue). */
    enum Flavour {
        ATOMIC, LOCKING, LIMITER, KEYED_ATOMIC, KEYED_LOCKING;

        Gate make(ManualClock clock) {
            return switch (this) {
                case ATOMIC -> of(new AtomicTokenBucket(1, 1, clock));
                case LOCKING -> of(new LockingTokenBucket(1, 1, clock));
                case LIMITER -> of(new Limiter(Limit.of(1), 1, clock));
                case KEYED_ATOMIC -> keyed(new KeyedRateLimiter<>(k -> new AtomicTokenBucket(1, 1, clock), 10,
                        Duration.ofHours(1), clock));
                case KEYED_LOCKING -> keyed(new KeyedRateLimiter<>(k -> new LockingTokenBucket(1, 1, clock), 10,
                        Duration.ofHours(1), clock));
            };
        }

        private static Gate of(RateLimiter l) {
            return new Gate() {
                @Override
                public boolean tryAcquire() {
                    return l.tryAcquire();
                }

                @Override
                public void acquire(Context ctx) throws InterruptedException {
                    l.acquire(ctx);
                }
            };
        }

        private static Gate keyed(KeyedRateLimiter<String> k) {
            return new Gate() {
                @Override
                public boolean tryAcquire() {
                    return k.tryAcquire("client");
                }

                @Override
                public void acquire(Context ctx) throws InterruptedException {
                    k.acquire(ctx, "client", 1);
                }
            };
        }
    }

    /** The two calls a script makes. */
    interface Gate {
        boolean tryAcquire();

        void acquire(Context ctx) throws InterruptedException;
    }

    /**
     * The scenarios: {@code script} is "millis verb name" steps separated by ';' (take = tryAcquire,
     * wait = acquire with a cancelable context, cancel = cancel that waiter's context, interrupt =
     * interrupt that waiter's thread); {@code grants} is the expected "second:name" schedule, names at
     * one instant in script order.
     */
    static Stream<Arguments> scenarios() {
        String queue = "0 take A; 0 wait W1; 0 wait W2; 0 wait W3; 0 wait W4; 0 wait W5";
        Map<String, String[]> table = new LinkedHashMap<>();
        table.put("middle waiters cancelled: the next callers queue after the last one", new String[] {
                queue + "; 0 cancel W2; 0 cancel W3; 0 wait X1; 0 wait X2",
                "0:A 1:W1 4:W4 5:W5 6:X1 7:X2"});
        table.put("middle waiters interrupted: as cancelled", new String[] {
                queue + "; 0 interrupt W2; 0 interrupt W3; 0 wait X1; 0 wait X2",
                "0:A 1:W1 4:W4 5:W5 6:X1 7:X2"});
        table.put("middle waiters cancelled while the queue drains", new String[] {
                queue + "; 1500 cancel W2; 1500 cancel W3; 2500 wait X1; 2500 wait X2",
                "0:A 1:W1 4:W4 5:W5 6:X1 7:X2"});
        table.put("the last waiter cancelled: its slot goes to the next caller", new String[] {
                queue + "; 0 cancel W5; 0 wait X1; 0 wait X2",
                "0:A 1:W1 2:W2 3:W3 4:W4 5:X1 6:X2"});
        table.put("the last two cancelled from the back: both slots come back", new String[] {
                queue + "; 0 cancel W5; 0 cancel W4; 0 wait X1; 0 wait X2",
                "0:A 1:W1 2:W2 3:W3 4:X1 5:X2"});
        table.put("the last two cancelled from the front: only the last slot comes back", new String[] {
                queue + "; 0 cancel W4; 0 cancel W5; 0 wait X1; 0 wait X2",
                "0:A 1:W1 2:W2 3:W3 5:X1 6:X2"});
        return table.entrySet().stream().flatMap(row -> Stream.of(Flavour.values())
                .map(f -> Arguments.of(row.getKey(), f, row.getValue()[0], row.getValue()[1])));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("scenarios")
    void cancelledWaitGivesBackOnlyWhatNoLaterReservationDependsOn(
            String scenario, Flavour flavour, String script, String grants) throws Exception {
        ManualClock clock = new ManualClock();
        Script run = new Script(clock, flavour.make(clock));
        for (String step : script.split(";")) {
            String[] p = step.trim().split(" ");
            run.advanceTo(Long.parseLong(p[0]) * 1_000_000L);
            run.perform(p[1], p[2]);
        }
        run.advanceTo(10_000_000_000L);
        run.joinAll();

        assertThat(run.failures).as("unexpected failures").isEmpty();
        assertThat(run.schedule()).as("grants by second").isEqualTo(expected(grants));
        assertThat(run.cancelled).as("every cancelled or interrupted waiter threw and took nothing")
                .containsExactlyInAnyOrderElementsOf(cancelledIn(script));
    }

    private static Map<Long, List<String>> expected(String grants) {
        Map<Long, List<String>> m = new TreeMap<>();
        for (String g : grants.split(" ")) {
            String[] p = g.split(":");
            m.computeIfAbsent(Long.parseLong(p[0]), k -> new ArrayList<>()).add(p[1]);
        }
        return m;
    }

    private static List<String> cancelledIn(String script) {
        return Stream.of(script.split(";")).map(s -> s.trim().split(" "))
                .filter(p -> p[1].equals("cancel") || p[1].equals("interrupt")).map(p -> p[2]).toList();
    }

    /** Runs a script against one gate on a manual clock. */
    private static final class Script {
        private final ManualClock clock;
        private final Gate gate;
        /** Grants in the order they were seen: name and clock reading. */
        private final Queue<Map.Entry<String, Long>> granted = new ConcurrentLinkedQueue<>();
        private final Map<String, CancelableContext> contexts = new LinkedHashMap<>();
        private final List<Thread> threads = new ArrayList<>();
        private final Queue<String> cancelled = new ConcurrentLinkedQueue<>();
        private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        /** Waiters started that have not returned yet. */
        private final AtomicInteger running = new AtomicInteger();
        private final Map<String, Integer> order = new ConcurrentHashMap<>();

        Script(ManualClock clock, Gate gate) {
            this.clock = clock;
            this.gate = gate;
        }

        void perform(String verb, String name) {
            order.putIfAbsent(name, order.size());
            switch (verb) {
                case "take" -> {
                    assertThat(gate.tryAcquire()).as("%s takes a permit", name).isTrue();
                    granted.add(Map.entry(name, clock.nanoTime()));
                }
                case "wait" -> {
                    CancelableContext ctx = Context.withCancel(Context.background());
                    contexts.put(name, ctx);
                    running.incrementAndGet();
                    threads.add(Thread.ofVirtual().name(name).start(() -> {
                        try {
                            gate.acquire(ctx);
                            granted.add(Map.entry(name, clock.nanoTime()));
                        } catch (ContextCanceledException | InterruptedException expected) {
                            cancelled.add(name);
                        } catch (Throwable t) {
                            failures.add(t);
                        } finally {
                            running.decrementAndGet();
                        }
                    }));
                }
                case "cancel" -> {
                    contexts.get(name).cancel();
                    returned(name);
                }
                case "interrupt" -> {
                    waiter(name).interrupt();
                    returned(name);
                }
                default -> throw new IllegalArgumentException(verb);
            }
            settle();
        }

        private Thread waiter(String name) {
            return threads.stream().filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
        }

        /**
         * Waits until a cancelled or interrupted waiter has returned, having given back what it gives
         * back. {@link #settle()} alone cannot tell: right after the cancel, the waiter's timer is still
         * pending and its thread still counted, so "every waiter returned or parked" holds before the
         * waiter has even woken, and the script's next reservation could overtake the give-back.
         */
        private void returned(String name) {
            try {
                assertThat(waiter(name).join(Duration.ofSeconds(20))).as("%s returned", name).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** Moves the clock to {@code nanos} a whole second at a time, letting due waiters return. */
        void advanceTo(long nanos) {
            while (clock.nanoTime() < nanos) {
                long nextSecond = (clock.nanoTime() / 1_000_000_000L + 1) * 1_000_000_000L;
                clock.advance(Duration.ofNanos(Math.min(nanos, nextSecond) - clock.nanoTime()));
                settle();
            }
        }

        /** Waits until every waiter has returned or is parked on its one clock timer. */
        private void settle() {
            await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(1))
                    .until(() -> clock.pendingTimers() == running.get());
        }

        void joinAll() throws InterruptedException {
            for (CancelableContext ctx : contexts.values()) {
                ctx.cancel(); // release anything still waiting (a failing flavour), then join
            }
            for (Thread t : threads) {
                assertThat(t.join(Duration.ofSeconds(20))).as("%s returned", t.getName()).isTrue();
            }
        }

        /** The grants by whole second, names at one instant in script order. */
        Map<Long, List<String>> schedule() {
            Map<Long, List<String>> m = new TreeMap<>();
            for (Map.Entry<String, Long> g : granted) {
                assertThat(g.getValue() % 1_000_000_000L).as("%s granted on a whole second", g.getKey()).isZero();
                m.computeIfAbsent(g.getValue() / 1_000_000_000L, k -> new ArrayList<>()).add(g.getKey());
            }
            m.values().forEach(names -> names.sort((a, b) -> order.get(a) - order.get(b)));
            return m;
        }
    }
}

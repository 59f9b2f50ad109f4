package dev.go4j.chan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Go's channel rules that hold for every capacity, unbuffered and buffered alike. */
class ChannelTest {

    @ParameterizedTest(name = "cap={0}")
    @ValueSource(ints = {0, 1, 16})
    void sendOnClosedChannelThrows(int cap) {
        Channel<String> ch = Channel.make(cap);
        ch.close();
        assertThatThrownBy(() -> ch.send("x"))
                .isInstanceOf(ChannelClosedException.class)
                .hasMessage("send on closed channel");
        assertThatThrownBy(() -> ch.trySend("x")).hasMessage("send on closed channel");
        assertThatThrownBy(() -> ch.send("x", Duration.ofSeconds(1))).hasMessage("send on closed channel");
    }

    @ParameterizedTest(name = "cap={0}")
    @ValueSource(ints = {0, 1, 16})
    void closeOfClosedChannelThrows(int cap) {
        Channel<String> ch = Channel.make(cap);
        ch.close();
        assertThatThrownBy(ch::close)
                .isInstanceOf(ChannelClosedException.class)
                .hasMessage("close of closed channel");
    }

    @ParameterizedTest(name = "cap={0}")
    @ValueSource(ints = {0, 1, 16})
    void receiveOnClosedAndDrainedChannelReportsNotOk(int cap) throws Exception {
        Channel<String> ch = Channel.make(cap);
        ch.close();
        assertThat(ch.receiveOrNull()).isNull(); // v, ok := <-ch  => ok == false
        assertThat(ch.tryReceive()).isNull();
        assertThatThrownBy(ch::receive)
                .isInstanceOf(ChannelClosedException.class)
                .hasMessage("receive on closed and drained channel");
        assertThatThrownBy(() -> ch.receive(Duration.ofSeconds(1))).isInstanceOf(ChannelClosedException.class);
        assertThatThrownBy(() -> ch.receive(Duration.ZERO)).isInstanceOf(ChannelClosedException.class);
        assertThat(ch.isClosed()).isTrue();
    }

    @ParameterizedTest(name = "cap={0}")
    @ValueSource(ints = {0, 1, 16})
    void closeWakesEveryBlockedReceiver(int cap) throws Exception {
        Channel<String> ch = Channel.make(cap);
        List<Async<String>> receivers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            receivers.add(Async.start(ch::receiveOrNull).awaitParked());
        }
        Async<String> throwing = Async.start(ch::receive).awaitParked();
        ch.close();
        for (Async<String> r : receivers) {
            assertThat(r.get()).isNull();
        }
        assertThat(throwing.failure()).isInstanceOf(ChannelClosedException.class);
    }

    @ParameterizedTest(name = "cap={0}")
    @ValueSource(ints = {0, 1})
    void closeMakesEveryBlockedSenderThrow(int cap) throws Exception {
        Channel<String> ch = Channel.make(cap);
        for (int i = 0; i < cap; i++) {
            ch.send("fill");
        }
        Async<Object> s1 = Async.start(() -> {
            ch.send("a");
            return null;
        }).awaitParked();
        Async<Boolean> s2 = Async.start(() -> ch.send("b", Duration.ofDays(1))).awaitParked();
        ch.close();
        assertThat(s1.failure()).isInstanceOf(ChannelClosedException.class).hasMessage("send on closed channel");
        assertThat(s2.failure()).isInstanceOf(ChannelClosedException.class).hasMessage("send on closed channel");
        // what was buffered before close is still there; what the blocked senders offered is not
        for (int i = 0; i < cap; i++) {
            assertThat(ch.receive()).isEqualTo("fill");
        }
        assertThat(ch.receiveOrNull()).isNull();
    }

    @ParameterizedTest(name = "cap={0}")
    @ValueSource(ints = {0, 1, 16})
    void channelsHoldNoNull(int cap) {
        Channel<String> ch = Channel.make(cap);
        assertThatThrownBy(() -> ch.send(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("value");
        assertThatThrownBy(() -> ch.trySend(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ch.send(null, Duration.ZERO)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void makeWithNegativeCapacityThrows() {
        assertThatThrownBy(() -> Channel.make(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity")
                .hasMessageContaining("-1");
    }

    @Test
    void nullTimeoutIsRefused() {
        Channel<String> ch = Channel.make(1);
        assertThatThrownBy(() -> ch.receive((Duration) null)).isInstanceOf(NullPointerException.class).hasMessage("timeout");
        assertThatThrownBy(() -> ch.send("x", null)).isInstanceOf(NullPointerException.class).hasMessage("timeout");
    }

    @ParameterizedTest(name = "cap={0}")
    @ValueSource(ints = {0, 1, 16})
    void valuesArriveInSendOrder(int cap) throws Exception {
        Channel<Integer> ch = Channel.make(cap);
        Async<Object> producer = Async.start(() -> {
            for (int i = 0; i < 1000; i++) {
                ch.send(i);
            }
            ch.close();
            return null;
        });
        List<Integer> got = new ArrayList<>();
        for (int v : ch) {
            got.add(v);
        }
        producer.get();
        assertThat(got).hasSize(1000).isSorted();
    }

    @ParameterizedTest(name = "cap={0}")
    @ValueSource(ints = {0, 4})
    void rangeEndsWhenClosedAndDrained(int cap) throws Exception {
        Channel<Integer> ch = Channel.make(cap);
        Async<Object> producer = Async.start(() -> {
            for (int i = 1; i <= 10; i++) {
                ch.send(i);
            }
            ch.close();
            return null;
        });
        assertThat(ch.stream().mapToInt(Integer::intValue).sum()).isEqualTo(55);
        producer.get();
        assertThat(ch.iterator().hasNext()).isFalse();
    }

    @Test
    void rangeInterruptedThrowsCancellationAndKeepsInterruptStatus() throws Exception {
        Channel<Integer> ch = Channel.make();
        Async<Boolean> ranging = Async.start(() -> {
            try {
                for (int ignored : ch) {
                    // never reached
                }
                return false;
            } catch (CancellationException e) {
                return e.getCause() instanceof InterruptedException && Thread.currentThread().isInterrupted();
            }
        }).awaitParked();
        ranging.thread.interrupt();
        assertThat(ranging.get()).isTrue();
    }

    @ParameterizedTest(name = "cap={0}")
    @ValueSource(ints = {0, 1})
    void blockedReceiveAnswersInterrupt(int cap) throws Exception {
        Channel<String> ch = Channel.make(cap);
        Async<String> r = Async.start(ch::receive).awaitParked();
        r.thread.interrupt();
        assertThat(r.failure()).isInstanceOf(InterruptedException.class);
        // the interrupted receiver left no trace: the next value goes to the next receiver
        assertThat(((HChan<String>) ch).queuedReceivers()).isZero();
        Async<String> next = Async.start(ch::receive).awaitParked();
        ch.send("v");
        assertThat(next.get()).isEqualTo("v");
    }

    @ParameterizedTest(name = "cap={0}")
    @ValueSource(ints = {0, 1})
    void blockedSendAnswersInterruptAndDoesNotSend(int cap) throws Exception {
        Channel<String> ch = Channel.make(cap);
        for (int i = 0; i < cap; i++) {
            ch.send("fill");
        }
        Async<Object> s = Async.start(() -> {
            ch.send("lost");
            return null;
        }).awaitParked();
        s.thread.interrupt();
        assertThat(s.failure()).isInstanceOf(InterruptedException.class);
        assertThat(((HChan<String>) ch).queuedSenders()).isZero();
        for (int i = 0; i < cap; i++) {
            assertThat(ch.receive()).isEqualTo("fill");
        }
        assertThat(ch.tryReceive()).isNull();
    }

    @Test
    void interruptedOnEntryThrowsAndClearsStatus() {
        Channel<String> ch = Channel.make(1);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> ch.send("x")).isInstanceOf(InterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(ch.size()).isZero();
        Thread.currentThread().interrupt();
        assertThatThrownBy(ch::receive).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }

    @ParameterizedTest(name = "cap={0}")
    @ValueSource(ints = {0, 1})
    void timedReceiveGivesUpAfterTimeout(int cap) throws Exception {
        Channel<String> ch = Channel.make(cap);
        long start = System.nanoTime();
        assertThat(ch.receive(Duration.ofMillis(20))).isNull();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
        assertThat(((HChan<String>) ch).queuedReceivers()).isZero();
    }

    @ParameterizedTest(name = "cap={0}")
    @ValueSource(ints = {0, 1})
    void timedSendGivesUpAfterTimeout(int cap) throws Exception {
        Channel<String> ch = Channel.make(cap);
        for (int i = 0; i < cap; i++) {
            ch.send("fill");
        }
        long start = System.nanoTime();
        assertThat(ch.send("late", Duration.ofMillis(20))).isFalse();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
        assertThat(((HChan<String>) ch).queuedSenders()).isZero();
        assertThat(ch.size()).isEqualTo(cap);
    }

    @ParameterizedTest(name = "cap={0}")
    @ValueSource(ints = {0, 1})
    void timedReceiveGetsValueSentWhileWaiting(int cap) throws Exception {
        Channel<String> ch = Channel.make(cap);
        Async<String> r = Async.start(() -> ch.receive(Duration.ofDays(1))).awaitParked();
        ch.send("v");
        assertThat(r.get()).isEqualTo("v");
    }

    @Test
    void hugeTimeoutsDoNotOverflow() throws Exception {
        Channel<String> ch = Channel.make(1);
        ch.send("x");
        assertThat(ch.receive(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo("x");
        Async<String> r = Async.start(() -> ch.receive(Duration.ofSeconds(Long.MAX_VALUE))).awaitParked();
        ch.send("y");
        assertThat(r.get()).isEqualTo("y");
    }

    @ParameterizedTest(name = "cap={0}")
    @ValueSource(ints = {0, 1, 3})
    void manyProducersAndConsumersLoseAndDuplicateNothing(int cap) throws Exception {
        Channel<Integer> ch = Channel.make(cap);
        int producers = 4;
        int perProducer = 5_000;
        List<Async<Object>> ps = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            ps.add(Async.start(() -> {
                for (int i = 0; i < perProducer; i++) {
                    ch.send(base + i);
                }
                return null;
            }));
        }
        ConcurrentHashMap<Integer, Boolean> seen = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        List<Async<Object>> cs = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            cs.add(Async.start(() -> {
                for (int v : ch) {
                    if (seen.put(v, true) != null) {
                        duplicates.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Async<Object> p : ps) {
            p.get();
        }
        ch.close();
        for (Async<Object> c : cs) {
            c.get();
        }
        assertThat(duplicates).hasValue(0);
        assertThat(seen).hasSize(producers * perProducer);
    }

    @Test
    void lenAndCapAreGoLenAndCap() throws Exception {
        Channel<String> unbuffered = Channel.make();
        assertThat(unbuffered.capacity()).isZero();
        assertThat(unbuffered.size()).isZero();
        Channel<String> ch = Channel.make(3);
        assertThat(ch.capacity()).isEqualTo(3);
        ch.send("a");
        ch.send("b");
        assertThat(ch.size()).isEqualTo(2);
        ch.receive();
        assertThat(ch.size()).isEqualTo(1);
        ch.close();
        assertThat(ch.size()).isEqualTo(1);
        assertThat(ch.toString()).isEqualTo("Channel[cap=3, len=1, closed]");
    }

    @Test
    void streamIsOrderedAndConsumesValues() throws Exception {
        Channel<String> ch = Channel.make(3);
        ch.send("a");
        ch.send("b");
        ch.send("c");
        ch.close();
        assertThat(ch.stream().collect(Collectors.joining())).isEqualTo("abc");
        assertThat(ch.size()).isZero();
    }
}

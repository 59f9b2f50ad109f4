package dev.go4j.chan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Go's rules for buffered channels: FIFO, block only when full or empty, drain after close. */
class BufferedChannelTest {

    @Test
    void sendDoesNotBlockUntilTheBufferIsFull() throws Exception {
        Channel<Integer> ch = Channel.make(2);
        ch.send(1);
        ch.send(2);
        assertThat(ch.trySend(3)).isFalse();
        Async<Object> blocked = Async.start(() -> {
            ch.send(3);
            return null;
        }).awaitParked();
        assertThat(ch.receive()).isEqualTo(1);
        blocked.get();
        assertThat(ch.receive()).isEqualTo(2);
        assertThat(ch.receive()).isEqualTo(3);
    }

    @Test
    void valuesBufferedBeforeCloseAreReceivedAfterIt() throws Exception {
        Channel<String> ch = Channel.make(3);
        ch.send("a");
        ch.send("b");
        ch.close();
        assertThat(ch.isClosed()).isTrue();
        assertThat(ch.receive()).isEqualTo("a");
        assertThat(ch.tryReceive()).isEqualTo("b");
        assertThat(ch.receiveOrNull()).isNull();
    }

    @Test
    void blockedSendersKeepFifoOrderBehindTheBuffer() throws Exception {
        Channel<Integer> ch = Channel.make(2);
        ch.send(1);
        ch.send(2);
        Async<Object> s3 = Async.start(() -> {
            ch.send(3);
            return null;
        }).awaitParked();
        Async<Object> s4 = Async.start(() -> {
            ch.send(4);
            return null;
        }).awaitParked();
        for (int expected = 1; expected <= 4; expected++) {
            assertThat(ch.receive()).isEqualTo(expected);
        }
        s3.get();
        s4.get();
        assertThat(ch.size()).isZero();
    }

    @Test
    void ringBufferWrapsAround() throws Exception {
        Channel<Integer> ch = Channel.make(3);
        for (int i = 0; i < 100; i++) {
            ch.send(i);
            ch.send(i + 1000);
            assertThat(ch.receive()).isEqualTo(i);
            assertThat(ch.receive()).isEqualTo(i + 1000);
        }
        assertThat(ch.size()).isZero();
    }

    @Test
    void sendToAWaitingReceiverBypassesTheBuffer() throws Exception {
        Channel<String> ch = Channel.make(1);
        Async<String> receiver = Async.start(ch::receive).awaitParked();
        ch.send("direct");
        assertThat(receiver.get()).isEqualTo("direct");
        assertThat(ch.size()).isZero();
    }

    @Test
    void receiveFromAFullBufferMovesTheFirstBlockedSendersValueIn() throws Exception {
        // Go's recv on a full buffer: take the head, and the first blocked sender's value takes the
        // freed slot before the receive returns, so len(ch) is still cap.
        Channel<Integer> ch = Channel.make(1);
        ch.send(1);
        Async<Object> blocked = Async.start(() -> {
            ch.send(2);
            return null;
        }).awaitParked();
        assertThat(ch.receive()).isEqualTo(1);
        assertThat(ch.size()).isEqualTo(1);
        blocked.get();
        assertThat(ch.tryReceive()).isEqualTo(2);
    }

    @Test
    void trySendOnAClosedFullChannelThrows() throws Exception {
        // Go's chansend with block == false answers "not ready" without the lock only while the channel
        // is open; on a closed channel it panics, full or not.
        Channel<Integer> ch = Channel.make(1);
        ch.send(1);
        ch.close();
        assertThatThrownBy(() -> ch.trySend(2))
                .isInstanceOf(ChannelClosedException.class)
                .hasMessage("send on closed channel");
        assertThat(ch.tryReceive()).isEqualTo(1);
    }

    @Test
    void selectWithDefaultOnAClosedDrainedBufferedChannelFiresTheReceiveCase() throws Exception {
        // A closed, drained channel is always ready to receive (its zero value): never the default.
        Channel<Integer> ch = Channel.make(2);
        ch.close();
        String chosen = new Select<String>()
                .onReceive(ch, v -> v == null ? "closed" : "value")
                .orDefault(() -> "default")
                .run();
        assertThat(chosen).isEqualTo("closed");
    }
}

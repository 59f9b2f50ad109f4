package dev.go4j.chan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Go's rules for unbuffered channels: every send is a rendezvous with a receive. */
class UnbufferedChannelTest {

    @Test
    void sendCompletesOnlyWhenAReceiverTakesTheValue() throws Exception {
        Channel<String> ch = Channel.make();
        Async<Object> sender = Async.start(() -> {
            ch.send("v");
            return null;
        }).awaitParked();
        assertThat(sender.result).isNotDone();
        assertThat(ch.size()).isZero();
        assertThat(ch.receive()).isEqualTo("v");
        sender.get();
    }

    @Test
    void receiveBlocksUntilASenderArrives() throws Exception {
        Channel<String> ch = Channel.make();
        Async<String> receiver = Async.start(ch::receive).awaitParked();
        ch.send("v");
        assertThat(receiver.get()).isEqualTo("v");
    }

    @Test
    void trySendSucceedsOnlyWithAWaitingReceiver() throws Exception {
        Channel<String> ch = Channel.make();
        assertThat(ch.trySend("nobody")).isFalse();
        Async<String> receiver = Async.start(ch::receive).awaitParked();
        assertThat(ch.trySend("v")).isTrue();
        assertThat(receiver.get()).isEqualTo("v");
    }

    @Test
    void tryReceiveTakesFromAWaitingSender() throws Exception {
        Channel<String> ch = Channel.make();
        assertThat(ch.tryReceive()).isNull();
        Async<Object> sender = Async.start(() -> {
            ch.send("v");
            return null;
        }).awaitParked();
        assertThat(ch.tryReceive()).isEqualTo("v");
        sender.get();
    }

    @Test
    void waitingSendersAreServedInArrivalOrder() throws Exception {
        Channel<String> ch = Channel.make();
        Async<Object> first = Async.start(() -> {
            ch.send("first");
            return null;
        }).awaitParked();
        Async<Object> second = Async.start(() -> {
            ch.send("second");
            return null;
        }).awaitParked();
        assertThat(ch.receive()).isEqualTo("first");
        assertThat(ch.receive()).isEqualTo("second");
        first.get();
        second.get();
    }

    @Test
    void closeAfterRendezvousDoesNotUndoIt() throws Exception {
        Channel<String> ch = Channel.make();
        Async<String> receiver = Async.start(ch::receiveOrNull).awaitParked();
        ch.send("v");
        ch.close();
        assertThat(receiver.get()).isEqualTo("v");
        assertThat(ch.receiveOrNull()).isNull();
    }
}

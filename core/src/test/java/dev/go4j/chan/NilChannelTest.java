package dev.go4j.chan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Go's nil channel: blocks forever, never ready, cannot be closed. */
class NilChannelTest {

    @Test
    void receiveFromNilChannelBlocksForever() throws Exception {
        Channel<String> nil = Channel.nil();
        Async<String> r = Async.start(nil::receive).awaitParked();
        r.thread.interrupt();
        assertThat(r.failure()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void sendToNilChannelBlocksForever() throws Exception {
        Channel<String> nil = Channel.nil();
        Async<Object> s = Async.start(() -> {
            nil.send("x");
            return null;
        }).awaitParked();
        s.thread.interrupt();
        assertThat(s.failure()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void nonBlockingAndTimedFormsNeverSucceed() throws Exception {
        Channel<String> nil = Channel.nil();
        assertThat(nil.trySend("x")).isFalse();
        assertThat(nil.tryReceive()).isNull();
        assertThat(nil.send("x", Duration.ofMillis(5))).isFalse();
        assertThat(nil.receive(Duration.ofMillis(5))).isNull();
        assertThat(nil.size()).isZero();
        assertThat(nil.capacity()).isZero();
        assertThat(nil.isClosed()).isFalse();
    }

    @Test
    void closeOfNilChannelThrows() {
        assertThatThrownBy(() -> Channel.nil().close())
                .isInstanceOf(ChannelClosedException.class)
                .hasMessage("close of nil channel");
    }
}

package dev.go4j.examples.channels;

import dev.go4j.Go;
import dev.go4j.chan.Channel;
import java.util.List;

/**
 * The channels page in one program: a buffered channel, a producer that closes it when done, a
 * for-each loop that ends at the close, the two-value receive on a closed channel, and an unbuffered
 * channel used as a handshake.
 *
 * <p>Go twin: {@code Example_channels} in {@code go/chan/example_test.go}; both print the same lines.
 */
public final class ChannelsExample {

    private ChannelsExample() {}

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws InterruptedException if interrupted while waiting on a channel
     */
    public static void main(String[] args) throws InterruptedException {
        Channel<Integer> squares = Channel.make(2); // buffered: the producer runs up to 2 values ahead
        Go.go(() -> {
            try {
                for (int i = 1; i <= 4; i++) {
                    squares.send(i * i);
                }
            } finally {
                squares.close(); // the sender closes, never the receiver (Go's defer close)
            }
        });
        int sum = 0;
        for (int v : squares) { // ends when squares is closed and drained
            System.out.println("received " + v);
            sum += v;
        }
        Integer v = squares.receiveOrNull(); // closed and drained: null (Go's ok == false), at once
        System.out.println("sum " + sum + " then " + (v == null ? 0 : v) + " " + (v != null));

        Channel<String> ping = Channel.make(); // unbuffered: each send waits for its receiver
        Channel<String> pong = Channel.make();
        Go.go(() -> {
            for (String msg : ping) {
                pong.send(msg + " pong");
            }
            pong.close();
        });
        for (String msg : List.of("one", "two")) {
            ping.send(msg);
            System.out.println(pong.receive());
        }
        ping.close();
        System.out.println("pong open: " + (pong.receiveOrNull() != null));
    }
}

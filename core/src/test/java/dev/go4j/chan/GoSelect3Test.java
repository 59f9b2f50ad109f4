package dev.go4j.chan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Go's {@code test/chan/select3.go}, ported to the public API: the semantics of the select statement
 * (and of plain channel operations) for the basic empty, nil, closed and ready cases — what always
 * blocks, what never blocks, and what panics. Go decides "blocks" by racing the call against a 0.1 s
 * sleep; the port instead waits until the call's virtual thread is parked (then interrupts it, which is
 * the only way out), and "never blocks" by joining the call.
 */
class GoSelect3Test {

    private interface Call {
        void run() throws Exception;
    }

    /** Go's {@code testBlock(always, f)}: f parks and stays parked until interrupted. */
    private static void alwaysBlocks(Call f) throws Exception {
        try (Goroutines g = new Goroutines()) {
            Thread t = g.go(() -> {
                f.run();
                throw new AssertionError("function did not block");
            });
            Goroutines.awaitBlocked(t);
        } // close() interrupts and joins it, and rethrows a failure
    }

    /** Go's {@code testBlock(never, f)}: f returns without anyone's help. */
    private static void neverBlocks(Call f) throws Exception {
        try (Goroutines g = new Goroutines()) {
            g.go(f::run);
            g.join();
        }
    }

    private static void unreachable() {
        throw new AssertionError("control flow shouldn't reach here");
    }

    private static final Channel<Integer> NILCH = Channel.nil();

    private static Channel<Integer> closedch() {
        Channel<Integer> c = Channel.make();
        c.close();
        return c;
    }

    /** Sending to or receiving from a nil channel blocks. */
    @Test
    void sendingOrReceivingOnANilChannelBlocks() throws Exception {
        alwaysBlocks(() -> NILCH.send(7));
        alwaysBlocks(NILCH::receive);
    }

    /** Sending to or receiving from a nil channel inside a select is never selected. */
    @Test
    void nilChannelCaseInASelectIsNeverSelected() throws Exception {
        assertThat(new Select<String>().onSend(NILCH, 7, () -> {
            unreachable();
            return "sent";
        }).orDefault(() -> "default").run()).isEqualTo("default");
        assertThat(new Select<String>().onReceive(NILCH, v -> {
            unreachable();
            return "received";
        }).orDefault(() -> "default").run()).isEqualTo("default");
    }

    /** Sending to an async channel with free buffer space never blocks. */
    @Test
    void sendingToABufferedChannelWithRoomNeverBlocks() throws Exception {
        neverBlocks(() -> Channel.<Integer>make(1).send(7));
    }

    /**
     * Receiving from a closed channel never blocks: Go yields the zero value with {@code ok == false};
     * here {@code receiveOrNull} yields null and {@code receive} throws.
     */
    @Test
    void receivingFromAClosedChannelNeverBlocks() throws Exception {
        Channel<Integer> closedch = closedch();
        neverBlocks(() -> {
            for (int i = 0; i < 10; i++) {
                assertThat(closedch.receiveOrNull()).as("expected closed from closed channel").isNull();
                assertThatThrownBy(closedch::receive).isInstanceOf(ChannelClosedException.class);
            }
        });
    }

    /** Sending to a closed channel panics. */
    @Test
    void sendingToAClosedChannelPanics() {
        assertThatThrownBy(() -> closedch().send(7))
                .isInstanceOf(ChannelClosedException.class)
                .hasMessage(ChannelClosedException.SEND_ON_CLOSED);
    }

    /** Receiving from a non-ready channel always blocks. */
    @Test
    void receivingFromANonReadyChannelAlwaysBlocks() throws Exception {
        alwaysBlocks(() -> Channel.<Integer>make().receive());
    }

    /** Empty selects always block: Go's {@code select {}}, here {@link Select#blockForever()}. */
    @Test
    void emptySelectsAlwaysBlock() throws Exception {
        alwaysBlocks(Select::blockForever);
    }

    /** Selects with only nil channels always block. */
    @Test
    void selectsWithOnlyNilChannelsAlwaysBlock() throws Exception {
        alwaysBlocks(() -> new Select<Void>().onReceive(NILCH, v -> {
            unreachable();
            return null;
        }).run());
        alwaysBlocks(() -> new Select<Void>().onSend(NILCH, 7, () -> {
            unreachable();
            return null;
        }).run());
        alwaysBlocks(() -> new Select<Void>().onReceive(NILCH, v -> {
            unreachable();
            return null;
        }).onSend(NILCH, 7, () -> {
            unreachable();
            return null;
        }).run());
    }

    /** Selects with non-ready non-nil channels always block. */
    @Test
    void selectsWithNonReadyChannelsAlwaysBlock() throws Exception {
        Channel<Integer> ch = Channel.make();
        alwaysBlocks(() -> new Select<Void>().onReceive(ch, v -> {
            unreachable();
            return null;
        }).run());
    }

    /** Selects with default cases don't block. */
    @Test
    void selectsWithDefaultCasesDontBlock() throws Exception {
        neverBlocks(() -> new Select<Void>().orDefault(() -> null).run());
        neverBlocks(() -> new Select<Void>().onReceive(NILCH, v -> {
            unreachable();
            return null;
        }).orDefault(() -> null).run());
        neverBlocks(() -> new Select<Void>().onSend(NILCH, 7, () -> {
            unreachable();
            return null;
        }).orDefault(() -> null).run());
    }

    /** Selects with ready channels don't block (and do not take the default). */
    @Test
    void selectsWithReadyChannelsDontBlock() throws Exception {
        neverBlocks(() -> {
            Channel<Integer> ch = Channel.make(1);
            new Select<Void>().onSend(ch, 7, () -> null).orDefault(() -> {
                unreachable();
                return null;
            }).run();
        });
        neverBlocks(() -> {
            Channel<Integer> ch = Channel.make(1);
            ch.send(7);
            new Select<Void>().onReceive(ch, v -> null).orDefault(() -> {
                unreachable();
                return null;
            }).run();
        });
    }

    /** Selects with closed channels behave like ordinary operations: receive does not block, send panics. */
    @Test
    void selectsWithClosedChannelsBehaveLikeOrdinaryOperations() throws Exception {
        Channel<Integer> closedch = closedch();
        neverBlocks(() -> assertThat(new Select<String>().onReceive(closedch, v -> v == null ? "closed" : "value").run())
                .isEqualTo("closed"));
        assertThatThrownBy(() -> new Select<Void>().onSend(closedch, 7, () -> null).run())
                .isInstanceOf(ChannelClosedException.class)
                .hasMessage(ChannelClosedException.SEND_ON_CLOSED);
    }

    /** Select should not get confused if it sees itself: a send and a receive case on one unbuffered channel block. */
    @Test
    void selectShouldNotGetConfusedIfItSeesItself() throws Exception {
        alwaysBlocks(() -> {
            Channel<Integer> c = Channel.make();
            new Select<Void>().onSend(c, 1, () -> null).onReceive(c, v -> null).run();
        });
    }
}

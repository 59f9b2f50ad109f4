package dev.go4j.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.go4j.Go;
import dev.go4j.chan.Channel;
import dev.go4j.chan.ChannelClosedException;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Context-bounded channel operations: Go's {@code select} of a channel operation with
 * {@code <-ctx.Done()}, as {@code receive(ctx)}, {@code receiveOrNull(ctx)} and {@code send(ctx, v)}.
 */
class ChannelContextTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ManualClock clock = new ManualClock();
    private final Context bg = Context.background();

    @Test
    void receiveWithAContextReturnsTheValue() throws Exception {
        Channel<String> ch = Channel.make(1);
        ch.send("ready");
        assertThat(ch.receive(Context.withCancel(bg))).isEqualTo("ready");
        Go.go(() -> ch.send("later"));
        assertThat(ch.receive(Context.withCancel(bg))).isEqualTo("later");
    }

    @Test
    void aBlockedReceiveThrowsDeadlineExceededWhenTheDeadlinePasses() throws Exception {
        Channel<String> ch = Channel.make();
        CancelableContext ctx = Context.withTimeout(bg, Duration.ofSeconds(1), clock);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Go.go(() -> {
            try {
                ch.receive(ctx);
            } catch (ContextException e) {
                thrown.set(e);
            }
        });
        clock.advance(Duration.ofSeconds(1));
        t.join(PATIENCE);
        assertThat(thrown.get()).isSameAs(ctx.err()).isInstanceOf(DeadlineExceededException.class);
    }

    @Test
    void aBlockedReceiveThrowsTheCanceledErrorWithItsCause() throws Exception {
        Channel<String> ch = Channel.make();
        CancelableContext ctx = Context.withCancel(bg);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Go.go(() -> {
            try {
                ch.receiveOrNull(ctx);
            } catch (ContextException e) {
                thrown.set(e);
            }
        });
        await().until(() -> t.getState() == Thread.State.WAITING);
        ctx.cancel(new IllegalStateException("client left"));
        t.join(PATIENCE);
        assertThat(thrown.get()).isInstanceOf(ContextCanceledException.class).hasRootCauseMessage("client left");
        assertThat(ch.trySend("nobody")).as("the receiver left the channel").isFalse();
    }

    @Test
    void aDoneContextThrowsAtOnceEvenIfAValueIsReady() throws Exception {
        Channel<String> ch = Channel.make(1);
        ch.send("ready");
        CancelableContext ctx = Context.withCancel(bg);
        ctx.cancel();
        assertThatThrownBy(() -> ch.receive(ctx)).isSameAs(ctx.err());
        assertThat(ch.size()).as("the value stays").isEqualTo(1);
        assertThatThrownBy(() -> ch.send(ctx, "more")).isSameAs(ctx.err());
    }

    @Test
    void receiveOnAClosedDrainedChannelThrowsChannelClosedOrReturnsNull() throws Exception {
        Channel<String> ch = Channel.make();
        ch.close();
        CancelableContext ctx = Context.withCancel(bg);
        assertThatThrownBy(() -> ch.receive(ctx)).isInstanceOf(ChannelClosedException.class);
        assertThat(ch.receiveOrNull(ctx)).isNull();
        Channel<String> later = Channel.make();
        Go.go(later::close);
        assertThat(later.receiveOrNull(ctx)).isNull();
    }

    @Test
    void sendWithAContextSendsWhenAReceiverComes() throws Exception {
        Channel<String> ch = Channel.make();
        Channel<String> got = Channel.make(1);
        Go.go(() -> got.send(ch.receive()));
        ch.send(Context.withCancel(bg), "hello");
        assertThat(got.receive(PATIENCE)).isEqualTo("hello");
    }

    @Test
    void aBlockedSendThrowsWhenTheContextIsDoneAndTheValueIsNotSent() throws Exception {
        Channel<String> ch = Channel.make();
        CancelableContext ctx = Context.withTimeout(bg, Duration.ofSeconds(1), clock);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Go.go(() -> {
            try {
                ch.send(ctx, "lost?");
            } catch (ContextException e) {
                thrown.set(e);
            }
        });
        clock.advance(Duration.ofSeconds(1));
        t.join(PATIENCE);
        assertThat(thrown.get()).isInstanceOf(DeadlineExceededException.class);
        assertThat(ch.tryReceive()).isNull();
    }

    @Test
    void sendOnAClosedChannelThrowsChannelClosed() {
        Channel<String> ch = Channel.make();
        ch.close();
        assertThatThrownBy(() -> ch.send(Context.withCancel(bg), "v"))
                .isInstanceOf(ChannelClosedException.class).hasMessage("send on closed channel");
    }

    @Test
    void aNilChannelWaitEndsWhenTheContextIsDone() throws Exception {
        // The goroutine blocked forever, fixed: a receive on a nil channel now has a way out.
        Channel<String> nil = Channel.nil();
        CancelableContext ctx = Context.withTimeout(bg, Duration.ofSeconds(1), clock);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Go.go(() -> {
            try {
                nil.receive(ctx);
            } catch (ContextException e) {
                thrown.set(e);
            }
        });
        clock.advance(Duration.ofSeconds(1));
        t.join(PATIENCE);
        assertThat(thrown.get()).isInstanceOf(DeadlineExceededException.class);
    }

    @Test
    void aContextThatIsNeverCanceledBoundsNothing() throws Exception {
        Channel<String> ch = Channel.make();
        Go.go(() -> ch.send(bg, "plain"));
        assertThat(ch.receive(Context.withoutCancel(Context.withCancel(bg)))).isEqualTo("plain");
    }

    @Test
    void interruptionStillThrowsInterruptedException() throws Exception {
        Channel<String> ch = Channel.make();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Go.go(() -> {
            try {
                ch.receive(Context.withCancel(bg));
            } catch (InterruptedException e) {
                thrown.set(e);
            }
        });
        await().until(() -> t.getState() == Thread.State.WAITING);
        t.interrupt();
        t.join(PATIENCE);
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void nullArgumentsThrow() {
        Channel<String> ch = Channel.make(1);
        assertThatThrownBy(() -> ch.receive((Context) null)).isInstanceOf(NullPointerException.class).hasMessage("ctx");
        assertThatThrownBy(() -> ch.receiveOrNull((Context) null)).isInstanceOf(NullPointerException.class).hasMessage("ctx");
        assertThatThrownBy(() -> ch.send((Context) null, "v")).isInstanceOf(NullPointerException.class).hasMessage("ctx");
        assertThatThrownBy(() -> ch.send(bg, null)).isInstanceOf(NullPointerException.class).hasMessageStartingWith("value");
    }
}

package dev.go4j.chan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * How a context-bounded {@code send(ctx, v)} and {@code receiveOrNull(ctx)} wait: as a plain send or
 * receive, plus one registration on the context's done channel (Go: the {@code <-ctx.Done()} case of
 * a two-case select). These tests pin what that registration must never do: leave a blocked
 * operation asleep after the cancel, or pile up on a context that lives long. The Go semantics of the
 * operations themselves are pinned in {@code dev.go4j.context.ChannelContextTest}, and the race of the
 * hand-off with the cancel by the JCStress test {@code ContextBoundedHandoffVsCancel}.
 */
class ContextBoundedWaitTest {
    /** The bound on dead registrations: a sweep runs once the pushes since the last one reach 64. */
    private static final int MAX_DEAD = 2 * 64;

    @Test
    void cancelWakesEveryBlockedSenderAndReceiver() throws Exception {
        CancelableContext ctx = Context.withCancel(Context.background());
        Channel<Integer> in = Channel.make();
        Channel<Integer> full = Channel.make(1);
        full.send(0);
        AtomicInteger gaveUp = new AtomicInteger();
        try (Goroutines g = new Goroutines()) {
            for (int i = 0; i < 10; i++) {
                g.go(() -> {
                    try {
                        in.receiveOrNull(ctx);
                    } catch (ContextCanceledException e) {
                        gaveUp.incrementAndGet();
                    }
                });
                g.go(() -> {
                    try {
                        full.send(ctx, 1);
                    } catch (ContextCanceledException e) {
                        gaveUp.incrementAndGet();
                    }
                });
            }
            HChan<?> done = (HChan<?>) ctx.done();
            await().atMost(Goroutines.PATIENCE).until(() -> done.closeWaiterCount() == 20);
            assertThat(((HChan<?>) in).queuedReceivers()).isEqualTo(10);
            assertThat(((HChan<?>) full).queuedSenders()).isEqualTo(10);

            ctx.cancel();
            g.join();

            assertThat(gaveUp).hasValue(20);
            assertThat(((HChan<?>) in).queuedReceivers()).as("the gave-up receivers left the queue").isZero();
            assertThat(((HChan<?>) full).queuedSenders()).as("the gave-up senders left the queue").isZero();
            assertThat(done.closeWaiterCount()).as("close takes every registration").isZero();
            assertThat(full.tryReceive()).as("no sender's value went in").isZero();
        }
    }

    @Test
    void aLongLivedContextKeepsOnlyTheLiveWaitsRegistered() throws Exception {
        CancelableContext ctx = Context.withCancel(Context.background());
        HChan<?> done = (HChan<?>) ctx.done();
        Channel<Integer> ch = Channel.make();
        int n = 20_000;
        AtomicInteger maxSeen = new AtomicInteger();
        try (Goroutines g = new Goroutines()) {
            g.go(() -> {
                for (int i = 0; i < n; i++) {
                    ch.send(ctx, i);
                }
            });
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += ch.receiveOrNull(ctx);
                if ((i & 255) == 0) {
                    maxSeen.accumulateAndGet(done.closeWaiterCount(), Math::max);
                }
            }
            g.join();
            assertThat(sum).isEqualTo((long) n * (n - 1) / 2);
        }
        assertThat(maxSeen.get()).as("registrations on the done channel at any sample").isLessThanOrEqualTo(MAX_DEAD + 2);
        assertThat(done.closeWaiterCount()).as("registrations left after every wait ended").isLessThanOrEqualTo(MAX_DEAD);
        ctx.cancel();
        assertThat(done.closeWaiterCount()).isZero();
    }
}

package dev.go4j.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.go4j.Go;
import dev.go4j.chan.Channel;
import dev.go4j.chan.ReceiveChannel;
import dev.go4j.chan.Select;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The examples published in the Javadoc of the context package; each one runs here. */
class ContextSnippets {

    // @start region=timeout
    /** Waits for a reply, or gives up when {@code ctx} is done: Go's select on ctx.Done(). */
    static String awaitReply(Context ctx, ReceiveChannel<String> replies) throws InterruptedException {
        return new Select<String>()                         // select {
                .onReceive(replies, reply -> reply)         // case reply := <-replies: return reply, nil
                .onReceive(ctx.done(), closed -> {          // case <-ctx.Done():
                    throw ctx.err();                        //     return "", ctx.Err()
                })                                          // }
                .run();
    }

    @Test
    void requestWithATimeout() throws Exception {
        ManualClock clock = new ManualClock();              // tests move time by hand
        Channel<String> replies = Channel.make();           // nobody answers
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (CancelableContext ctx =                        // ctx, cancel := context.WithTimeout(
                Context.withTimeout(Context.background(), Duration.ofSeconds(2), clock)) {
            Channel<Boolean> finished = Channel.make(1);    //     context.Background(), 2*time.Second)
            Go.go(() -> {                                   // defer cancel()
                try {
                    awaitReply(ctx, replies);
                } catch (ContextException e) {
                    failure.set(e);
                }
                finished.send(true);
            });
            clock.advance(Duration.ofSeconds(2));           // the deadline passes
            finished.receive();
        }
        assertThat(failure.get()).isInstanceOf(DeadlineExceededException.class)
                .hasMessage("context deadline exceeded");
    }
    // @end

    // @start region=key
    static final class RequestIds {
        private static final Context.Key<String> KEY = new Context.Key<>("requestId");

        static Context with(Context parent, String id) {
            return Context.withValue(parent, KEY, id);
        }

        static String of(Context ctx) {
            return ctx.value(KEY);                          // typed: no cast, no collision
        }
    }
    // @end

    @Test
    void typedKeys() {
        Context ctx = RequestIds.with(Context.background(), "req-42");
        assertThat(RequestIds.of(ctx)).isEqualTo("req-42");
        assertThat(RequestIds.of(Context.background())).isNull();
        assertThat(ctx).hasToString("context.Background.WithValue(requestId, req-42)");
    }

    @Test
    void cancelCancelsTheWholeTree() {
        // @start region=cancel
        CancelableContext request = Context.withCancel(Context.background());
        try (CancelableContext step = Context.withCancel(request)) {   // ctx, cancel := context.WithCancel(request)
            assertThat(step.err()).isNull();                          // defer cancel()
            request.cancel(new IllegalStateException("client went away"));
            assertThat(step.err()).isInstanceOf(ContextCanceledException.class);
            assertThat(Context.cause(step)).hasMessage("client went away");
        }
        // @end
        assertThatThrownBy(() -> {
            throw request.err();
        }).isInstanceOf(ContextCanceledException.class).hasMessage("context canceled");
    }
}

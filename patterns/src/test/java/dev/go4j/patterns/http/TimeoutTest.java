package dev.go4j.patterns.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.go4j.context.Context;
import dev.go4j.context.DeadlineExceededException;
import dev.go4j.time.Clock;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Go's {@code http.TimeoutHandler} with a request context deadline: the client gets 503 at the
 * deadline and the handler is stopped, not left running.
 */
class TimeoutTest {
    private static final Duration SHORT = Duration.ofMillis(200);

    @Test
    void aHandlerBlockedPastTheDeadlineIsInterruptedAndTheClientGets503() throws Exception {
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicReference<Throwable> laterWrite = new AtomicReference<>();
        try (HttpTesting t = HttpTesting.serve(Middleware.chain(ex -> {
            try {
                new CountDownLatch(1).await(); // ignores the context: only the interrupt stops it
            } catch (InterruptedException e) {
                interrupted.set(true);
                try {
                    HttpTesting.reply(ex, 200, "too late");
                } catch (IOException refused) {
                    laterWrite.set(refused);
                }
            }
        }, Timeout.of(SHORT)))) {
            HttpResponse<String> r = t.get("/");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).isEqualTo("request timed out");
            await().untilTrue(interrupted);
            await().untilAsserted(() -> assertThat(laterWrite.get()).hasMessageContaining("timeout"));
        }
    }

    @Test
    void theHandlerSeesTheDeadlineInItsContext() throws Exception {
        AtomicReference<Throwable> err = new AtomicReference<>();
        try (HttpTesting t = HttpTesting.serve(Middleware.chain(ex -> {
            Context ctx = RequestExchange.context(ex);
            assertThat(ctx.deadline()).isPresent();
            try {
                ctx.done().receiveOrNull();
            } catch (InterruptedException e) {
                // the interrupt comes after the cancellation: the context is done either way
            }
            err.set(ctx.err());
        }, Timeout.of(SHORT, 504, Clock.system())))) {
            assertThat(t.get("/").statusCode()).isEqualTo(504);
            await().untilAsserted(() -> assertThat(err.get()).isInstanceOf(DeadlineExceededException.class));
        }
    }

    @Test
    void aHandlerThatFinishesInTimeIsUntouchedAndLeavesNoInterruptBehind() throws Exception {
        AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
        Middleware probe = next -> ex -> {
            next.handle(ex);
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        };
        try (HttpTesting t = HttpTesting.serve(Middleware.chain(ex -> HttpTesting.reply(ex, 200, "fast"),
                probe, Timeout.of(Duration.ofMinutes(1))))) {
            HttpResponse<String> r = t.get("/");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("fast");
        }
        assertThat(interruptedAfter.get()).isFalse();
    }

    @Test
    void theInterruptOfATimedOutHandlerDoesNotLeakPastTheMiddleware() throws Exception {
        AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
        Middleware probe = next -> ex -> {
            next.handle(ex);
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        };
        try (HttpTesting t = HttpTesting.serve(Middleware.chain(ex -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // a handler that restores the flag, as it should
            }
        }, probe, Timeout.of(SHORT)))) {
            assertThat(t.get("/").statusCode()).isEqualTo(503);
            await().untilAsserted(() -> assertThat(interruptedAfter.get()).isFalse());
        }
    }

    @Test
    void badArgumentsAreNamed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Timeout.of(Duration.ZERO))
                .hasMessageContaining("timeout must be positive");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Timeout.of(SHORT, 200, Clock.system()))
                .hasMessageContaining("status");
    }
}

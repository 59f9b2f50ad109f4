package dev.go4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import dev.go4j.context.ContextException;
import dev.go4j.context.DeadlineExceededException;
import dev.go4j.time.ManualClock;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The go statement: a virtual thread per task, failures to a handler. */
class GoTest {

    @Test
    void goRunsTheTaskOnANewVirtualThread() throws Exception {
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        Thread t = Go.go(() -> ranOn.complete(Thread.currentThread()));
        assertThat(ranOn.get(30, TimeUnit.SECONDS)).isSameAs(t);
        assertThat(t.isVirtual()).isTrue();
        assertThat(t.getName()).startsWith("goroutine-");
    }

    @Test
    void failureGoesToTheGivenHandler() throws Exception {
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        Go.go(() -> {
            throw new IOException("boom");
        }, (thread, failure) -> seen.complete(failure));
        assertThat(seen.get(30, TimeUnit.SECONDS)).isInstanceOf(IOException.class).hasMessage("boom");
    }

    @Test
    void failureGoesToTheThreadsUncaughtExceptionHandlerByDefault() throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> seen.compareAndSet(null, failure));
        try {
            Thread t = Go.go(() -> {
                throw new IllegalStateException("unrecovered panic");
            });
            t.join(Duration.ofSeconds(30));
            // Awaitility would otherwise swap in its own default handler while it waits, and catch the failure
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> seen.get() != null);
            assertThat(seen.get()).isInstanceOf(IllegalStateException.class).hasMessage("unrecovered panic");
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    @Test
    void nullArgumentsAreRefused() {
        assertThatThrownBy(() -> Go.go(null)).isInstanceOf(NullPointerException.class).hasMessage("task");
        assertThatThrownBy(() -> Go.go(() -> {}, null)).isInstanceOf(NullPointerException.class).hasMessage("onFailure");
    }

    // ---------------------------------------------------------------- context ends

    /** Runs {@code task} with a recording handler and returns what it recorded once the goroutine ended. */
    private static List<Throwable> reportsOf(Go.Task task) throws InterruptedException {
        List<Throwable> seen = new CopyOnWriteArrayList<>();
        Thread t = Go.go(task, (thread, failure) -> seen.add(failure));
        assertThat(t.join(Duration.ofSeconds(30))).isTrue(); // the handler runs before the thread ends
        return seen;
    }

    @Test
    void goroutineThatReturnsBecauseItsContextIsDoneEndsNormally() throws Exception {
        CancelableContext canceled = Context.withCancel(Context.background());
        canceled.cancel();
        assertThat(reportsOf(() -> {
            throw canceled.err();
        })).isEmpty();
        CancelableContext withCause = Context.withCancel(Context.background());
        withCause.cancel(new IOException("shutting down"));
        assertThat(reportsOf(() -> {
            throw withCause.err();
        })).isEmpty();
        ManualClock clock = new ManualClock();
        CancelableContext deadline = Context.withTimeout(Context.background(), Duration.ofSeconds(1), clock);
        clock.advance(Duration.ofSeconds(1));
        assertThat(reportsOf(() -> deadline.done().receive(deadline))).isEmpty(); // a bounded call throws err()
        assertThat(deadline.err()).isInstanceOf(DeadlineExceededException.class);
    }

    @Test
    void everyOtherFailureIsStillReported() throws Exception {
        CancelableContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        ContextException made = new ContextCanceledException();
        assertThat(reportsOf(() -> {
            throw made; // not the error of any context
        })).containsExactly(made);
        assertThat(reportsOf(() -> {
            throw new IllegalStateException("wrapped", ctx.err()); // a context error inside another failure
        })).singleElement().isInstanceOf(IllegalStateException.class);
        assertThat(reportsOf(() -> {
            throw new IOException("boom");
        })).singleElement().isInstanceOf(IOException.class);
    }

    @Test
    void contextEndsAreReportedWhenConfiguredSo() throws Exception {
        CancelableContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        assertThat(Go.reportsContextEnds()).isFalse();
        Go.reportContextEnds(true);
        try {
            assertThat(Go.reportsContextEnds()).isTrue();
            assertThat(reportsOf(() -> {
                throw ctx.err();
            })).containsExactly(ctx.err());
        } finally {
            Go.reportContextEnds(false);
        }
        assertThat(reportsOf(() -> {
            throw ctx.err();
        })).isEmpty();
    }
}

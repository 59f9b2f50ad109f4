package dev.go4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
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
}

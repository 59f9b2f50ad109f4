package dev.go4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.go4j.chan.Channel;
import dev.go4j.chan.Select;
import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.test.LeakedThread;
import dev.go4j.test.Leaks;
import dev.go4j.time.Timer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * go4j under go4j-test's leak checker: the classic goroutine leak of Go (a goroutine blocked forever on
 * a channel nobody sends on or closes) is found, with the channel operation in its stack; go4j's own
 * timer thread, shared by every timer and deadline, is not a leak, as Go's runtime timers are not.
 */
class GoroutineLeakTest {

    private Leaks.Option before;

    @BeforeEach
    void noteThreads() {
        before = Leaks.ignoreCurrent();
    }

    @Test
    void looksReadTheThreadContainersNotTheJsonDump() {
        // Every class of this suite is leak-checked; the JSON dump could crash the JVM on JDK 25.
        assertThat(Leaks.readsThreadContainers()).isTrue();
    }

    @Test
    void aGoroutineBlockedOnAReceiveNobodySendsOnIsALeak() throws Exception {
        Channel<String> ch = Channel.make();
        Thread g = Go.go(ch::receiveOrNull);    // go func() { v, ok := <-ch }()
        await().atMost(Duration.ofSeconds(30)).until(() -> g.getState() == Thread.State.WAITING);

        try {
            List<LeakedThread> leaks = Leaks.find(before, Leaks.maxWait(Duration.ZERO));
            assertThat(leaks).singleElement().satisfies(leak -> {
                assertThat(leak.id()).isEqualTo(g.threadId());
                assertThat(leak.name()).isEqualTo(g.getName());
                assertThat(leak.virtual()).isTrue();
                assertThat(leak.hasFrame("dev.go4j.chan.HChan.receiveOrNull")).isTrue();
            });
        } finally {
            ch.close();                          // the fix: close(ch) ends the goroutine
            g.join();
        }
        Leaks.verifyNone(before);
    }

    @Test
    void aGoroutineParkedInASelectIsALeakUntilACaseIsReady() throws Exception {
        Channel<Integer> a = Channel.make();
        Channel<Integer> b = Channel.make();
        Thread g = Go.go(() -> new Select<Integer>().onReceive(a, v -> v).onReceive(b, v -> v).run());
        await().atMost(Duration.ofSeconds(30)).until(() -> g.getState() == Thread.State.WAITING);

        try {
            assertThatThrownBy(() -> Leaks.verifyNone(before, Leaks.maxWait(Duration.ofMillis(10))))
                    .hasMessageContaining("Thread #" + g.threadId() + " \"" + g.getName() + "\" virtual, WAITING")
                    .hasMessageContaining("/dev.go4j.chan.Select.run(Select.java:");
        } finally {
            b.send(1);
            g.join();
        }
        Leaks.verifyNone(before);
    }

    @Test
    void theSharedTimerThreadIsNotALeak() throws Exception {
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMinutes(1))) {
            assertThat(ctx.err()).isNull();
        }
        Timer.after(Duration.ofMillis(1)).receive();
        Leaks.verifyNone(before);
    }
}

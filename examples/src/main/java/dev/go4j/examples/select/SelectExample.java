package dev.go4j.examples.select;

import dev.go4j.chan.Channel;
import dev.go4j.chan.Select;
import java.time.Duration;

/**
 * The select page in one program: a default when nothing is ready, the one ready case firing, a
 * timeout, a nil channel disabling a case, a send case, and a closed channel that is always ready.
 *
 * <p>Go twin: {@code Example_selectCases} in {@code go/chan/example_test.go}; both print the same lines.
 */
public final class SelectExample {

    private SelectExample() {}

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws InterruptedException if interrupted while a select waits
     */
    public static void main(String[] args) throws InterruptedException {
        Channel<String> fast = Channel.make(1);
        Channel<String> never = Channel.make(); // nobody sends on it

        System.out.println(new Select<String>() // nothing ready: the default runs, nothing blocks
                .onReceive(fast, m -> "got " + m)
                .orDefault(() -> "nothing ready")
                .run());

        fast.send("fast");
        System.out.println(new Select<String>() // one case is ready: it fires
                .onReceive(fast, m -> "got " + m)
                .onReceive(never, m -> "got " + m)
                .run());

        System.out.println(new Select<String>() // nothing becomes ready: the timeout fires
                .onReceive(never, m -> "got " + m)
                .onTimeout(Duration.ofMillis(10), () -> "timed out")
                .run());

        Channel<Integer> out = Channel.make(1);
        Channel<String> disabled = Channel.nil(); // a nil channel: its case is never ready
        System.out.println(new Select<String>()
                .onSend(out, 42, () -> "sent " + out.receive())
                .onReceive(disabled, m -> "got " + m)
                .run());

        never.close();
        System.out.println(new Select<String>() // a closed channel is always ready, with null (ok == false)
                .onReceive(never, m -> "closed: \"" + (m == null ? "" : m) + "\" " + (m != null))
                .onTimeout(Duration.ofHours(1), () -> "timed out")
                .run());
    }
}

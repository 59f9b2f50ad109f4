package dev.go4j.examples.context;

import dev.go4j.Go;
import dev.go4j.chan.Channel;
import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import java.time.Duration;

/**
 * The context page in one program: a value carried down the tree, a cancellation that reaches a
 * descendant and wakes the thread waiting on it, and a timeout that ends a wait.
 *
 * <p>Go twin: {@code Example_context} in {@code go/context/example_test.go}; both print the same lines.
 */
public final class ContextExample {

    private static final Context.Key<String> REQUEST_ID = new Context.Key<>("request-id");

    private ContextExample() {}

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws InterruptedException if interrupted while waiting
     */
    public static void main(String[] args) throws InterruptedException {
        CancelableContext root = Context.withCancel(Context.background());
        try (CancelableContext child = Context.withTimeout(root, Duration.ofHours(1))) { // close: release the timer
            Context ctx = Context.withValue(child, REQUEST_ID, "r-42");
            System.out.println("request-id: " + ctx.value(REQUEST_ID));
            System.out.println("err before cancel: " + text(ctx.err()));

            Channel<String> stopped = Channel.make();
            Go.go(() -> {
                ctx.done().receiveOrNull(); // returns when the cancellation reaches ctx through the tree
                stopped.send("worker stopped: " + ctx.err().getMessage());
            });
            root.cancel(); // cancelling the root cancels every descendant
            System.out.println(stopped.receive());
            System.out.println("child: " + text(child.err()));
        }

        try (CancelableContext shortCtx = Context.withTimeout(Context.background(), Duration.ofMillis(5))) {
            Context.sleep(shortCtx, Duration.ofHours(1)); // a wait that the context's deadline cuts short
            System.out.println("slept an hour");
        } catch (ContextException e) {
            System.out.println("short: " + e.getMessage());
        }
    }

    /** Go's {@code fmt.Println(err)}: the message, or {@code <nil>}. */
    private static String text(ContextException err) {
        return err == null ? "<nil>" : err.getMessage();
    }
}

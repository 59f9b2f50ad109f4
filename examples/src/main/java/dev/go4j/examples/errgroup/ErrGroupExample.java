package dev.go4j.examples.errgroup;

import dev.go4j.chan.Channel;
import dev.go4j.context.Context;
import dev.go4j.errgroup.ErrGroup;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * The errgroup page in one program: fan out under a limit and wait for all; the first failure cancels
 * the group's context and is the one {@code await} reports; {@code tryGo} refuses when the limit is
 * reached.
 *
 * <p>Go twin: {@code Example_errgroup} in {@code go/errgroup/example_test.go}; both print the same lines.
 */
public final class ErrGroupExample {

    private ErrGroupExample() {}

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws InterruptedException if interrupted while waiting
     */
    public static void main(String[] args) throws InterruptedException {
        ErrGroup g = new ErrGroup();
        g.setLimit(2); // at most 2 tasks at once: go blocks until one returns
        List<String> names = List.of("a", "bb", "ccc", "dddd");
        int[] sizes = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            int slot = i;
            g.go(() -> sizes[slot] = names.get(slot).length()); // each task writes its own slot
        }
        System.out.println("wait: " + await(g)); // await happens-after every task: the writes are visible
        for (int i = 0; i < names.size(); i++) {
            System.out.println(names.get(i) + " " + sizes[i]);
        }

        ErrGroup g2 = ErrGroup.withContext(Context.background());
        Context ctx = g2.context();
        g2.go(() -> {
            throw new IOException("fetch b: status 503");
        });
        g2.go(() -> {
            ctx.done().receiveOrNull(); // a sibling failed: stop early
            throw ctx.err();
        });
        System.out.println("first error: " + await(g2));
        System.out.println("context: " + ctx.err().getMessage());

        ErrGroup g3 = new ErrGroup();
        g3.setLimit(1);
        Channel<Boolean> release = Channel.make();
        g3.go(() -> release.receiveOrNull());
        System.out.println("TryGo while full: " + g3.tryGo(() -> { }));
        release.close();
        System.out.println("wait: " + await(g3));
    }

    /** Go's {@code fmt.Println(g.Wait())}: the first failure's message, or {@code <nil>}. */
    private static String await(ErrGroup g) throws InterruptedException {
        try {
            g.await();
            return "<nil>";
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        }
    }
}

package dev.go4j.context;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck model checking of a cancellation tree: a root, its child, and a grandchild that is made
 * while the other two are being cancelled. Go's rules for {@code context}, checked in every
 * interleaving against a sequential model:
 * <ul>
 *   <li>the first cancel of a context wins: its cause is the cause for good, whether it came from the
 *       context's own cancel or from an ancestor's;</li>
 *   <li>a context made from a cancelled parent is cancelled at once, with the parent's cause; one made
 *       before is cancelled with its parent (none is missed however the registration races the
 *       cancel);</li>
 *   <li>{@code Done} and {@code Err} agree ("If Done is not yet closed, Err returns nil. If Done is
 *       closed, Err returns a non-nil error"): a reader never sees an error beside an open
 *       {@code Done}, nor a closed {@code Done} without an error.</li>
 * </ul>
 * The root itself is not observed: its cancel propagates to the children after it has decided (in
 * Go as here), so a reader of the root and then of a child can see the one cancelled and not yet the
 * other; a cancel that has returned has reached the whole subtree.
 *
 * <p>Counter-example kept in this file, shown to fail: {@link UnlockedRegistration}, a context that
 * checks "not cancelled" and then links a child in two steps, so a child that registers while the
 * parent is cancelling is never cancelled.
 */
@Timeout(180)
public class ContextLincheckTest {
    static final Throwable A = new IllegalStateException("A");
    static final Throwable B = new IllegalStateException("B");

    private static ModelCheckingOptions options() {
        return new ModelCheckingOptions()
                .iterations(30)
                .invocationsPerIteration(300)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(2)
                .sequentialSpecification(Model.class);
    }

    @Test
    void cancellationPropagatesOnceWithTheFirstCauseAndDoneAgreesWithErr() {
        options().check(Ops.class);
    }

    @Test
    void aContextThatRegistersChildrenWithoutTheLockIsCaught() {
        assertThatThrownBy(() -> options().check(UnlockedRegistration.class))
                .isInstanceOf(LincheckAssertionError.class);
    }

    static String name(Throwable cause) {
        return cause == null ? "nil" : cause == A ? "A" : cause == B ? "B" : cause.getClass().getSimpleName();
    }

    /** The operations, on the real contexts. */
    public static class Ops {
        private final CancelableContext root = Context.withCancelCause(Context.background());
        private final CancelableContext child = Context.withCancelCause(root);
        private volatile Context grandchild;

        @Operation
        public void cancelRoot() {
            root.cancel(A);
        }

        @Operation
        public void cancelChild() {
            child.cancel(B);
        }

        /** The child's cause, and whether its Err and Done agree. */
        @Operation
        public String child() {
            return observe(child);
        }

        /** Makes a new grandchild under the child (observed by {@link #grandchild()}). */
        @Operation
        public void newGrandchild() {
            grandchild = Context.withCancel(child);
        }

        /** The latest grandchild's cause; "nil" too before the first is made. */
        @Operation
        public String grandchild() {
            Context g = grandchild;
            return g == null ? "nil" : observe(g);
        }

        /**
         * The context's cause as one word, read at its {@code err()}; and a word the model never says
         * if {@code err()} was non-null while {@code done()} was still open just after.
         */
        private static String observe(Context c) {
            boolean err = c.err() != null;
            boolean done = c.done().isClosed();
            if (err && !done) {
                return "err without done";
            }
            return err ? name(Context.cause(c)) : "nil";
        }
    }

    /** Go's rules, sequentially. */
    public static class Model {
        private String root = "nil";
        private String child = "nil";
        private String grandchild; // null: not made yet

        public void cancelRoot() {
            if (root.equals("nil")) {
                root = "A";
                cancelChildWith("A");
            }
        }

        public void cancelChild() {
            cancelChildWith("B");
        }

        private void cancelChildWith(String cause) {
            if (child.equals("nil")) {
                child = cause;
                if (grandchild != null && grandchild.equals("nil")) {
                    grandchild = cause;
                }
            }
        }

        public String child() {
            return child;
        }

        public void newGrandchild() {
            grandchild = child;
        }

        public String grandchild() {
            return grandchild == null ? "nil" : grandchild;
        }
    }

    /**
     * Broken on purpose: a two-level tree whose parent checks "not cancelled" and links the child in
     * two separate steps, and whose cancel takes a snapshot of the children in between.
     */
    public static class UnlockedRegistration {
        /** One node of the broken tree. */
        static final class Node {
            volatile Throwable cause;
            final List<Node> children = new ArrayList<>();

            synchronized List<Node> snapshot() {
                return new ArrayList<>(children);
            }

            synchronized void link(Node c) {
                children.add(c);
            }

            void cancel(Throwable c) {
                if (cause == null) {
                    cause = c;
                    for (Node k : snapshot()) {
                        k.cancel(c);
                    }
                }
            }

            Node newChild() {
                Node c = new Node();
                Throwable now = cause; // step 1: read the state
                if (now != null) {
                    c.cause = now;
                } else {
                    link(c); // step 2: link, too late if the parent cancelled in between
                }
                return c;
            }
        }

        private final Node root = new Node();
        private final Node child = root.newChild();
        private volatile Node grandchild;

        @Operation
        public void cancelRoot() {
            root.cancel(A);
        }

        @Operation
        public void cancelChild() {
            child.cancel(B);
        }

        @Operation
        public String child() {
            return name(child.cause);
        }

        @Operation
        public void newGrandchild() {
            grandchild = child.newChild();
        }

        @Operation
        public String grandchild() {
            Node g = grandchild;
            return g == null ? "nil" : name(g.cause);
        }
    }
}

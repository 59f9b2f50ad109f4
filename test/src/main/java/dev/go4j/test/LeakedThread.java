package dev.go4j.test;

import java.util.List;
import java.util.Objects;

/**
 * A thread found alive by the leak checker, as the JDK's thread dump shows it: the twin of one
 * goroutine in {@code goleak}'s "found unexpected goroutines" report.
 *
 * <p>A value: it describes the thread at the instant of the dump and is never updated; the thread may
 * have ended since. Immutable and safe to share between threads.
 *
 * @param id      the thread's id ({@link Thread#threadId()}), unique for the life of the JVM
 * @param name    the thread's name; virtual threads are often unnamed ({@code ""})
 * @param virtual whether it is a virtual thread
 * @param state   its {@link Thread.State} name at the dump ({@code ""} on JDKs whose dump omits it)
 * @param stack   its stack, innermost frame first, each frame as {@link StackTraceElement#toString()}
 *                writes it ({@code "java.base/java.lang.Thread.sleep(Thread.java:509)"})
 * @since 0.1.0
 */
public record LeakedThread(long id, String name, boolean virtual, String state, List<String> stack) {

    /**
     * Checks the components and copies the stack.
     *
     * @throws NullPointerException if {@code name}, {@code state} or {@code stack} is null
     */
    public LeakedThread {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        stack = List.copyOf(stack);
    }

    /**
     * The innermost frame that is not the JDK's own, as {@code class.method}: where the thread's own
     * code is. A parked thread's top frames are always the JDK's ({@code Unsafe.park},
     * {@code VirtualThread.park}), so this is the frame to match, as {@code goleak.IgnoreTopFunction}
     * matches the function on top of a goroutine's stack.
     *
     * @return the method of the innermost non-JDK frame, or of the innermost frame if every frame is the
     *         JDK's, or {@code ""} if the stack is empty
     */
    public String topFrame() {
        for (String frame : stack) {
            if (!isJdkFrame(frame)) {
                return methodOf(frame);
            }
        }
        return stack.isEmpty() ? "" : methodOf(stack.get(0));
    }

    /**
     * Whether any frame of the stack runs the given method.
     *
     * @param method a fully qualified {@code class.method}, such as {@code "dev.go4j.chan.Channel.receive"}
     * @return whether a frame's {@code class.method} equals it
     */
    public boolean hasFrame(String method) {
        for (String frame : stack) {
            if (methodOf(frame).equals(method)) {
                return true;
            }
        }
        return false;
    }

    /** {@code "class.method"} of a frame written as {@code [loader/][module[@version]/]class.method(file:line)}. */
    static String methodOf(String frame) {
        int paren = frame.indexOf('(');
        String head = paren < 0 ? frame : frame.substring(0, paren);
        return head.substring(head.lastIndexOf('/') + 1);
    }

    /** Whether a frame is in one of the JDK's modules ({@code java.*}, {@code jdk.*}) or, unnamed, its packages. */
    static boolean isJdkFrame(String frame) {
        int paren = frame.indexOf('(');
        String head = paren < 0 ? frame : frame.substring(0, paren);
        int slash = head.lastIndexOf('/');
        String where = head;
        if (slash >= 0) {
            String prefix = head.substring(0, slash);
            String module = prefix.substring(prefix.lastIndexOf('/') + 1);
            int at = module.indexOf('@');
            where = at < 0 ? module : module.substring(0, at);
            if (where.isEmpty()) {               // "app//Main.run(...)": a loader name, no module
                where = head.substring(slash + 1);
            }
        }
        return where.startsWith("java.") || where.startsWith("jdk.") || where.startsWith("sun.");
    }

    /**
     * The thread as the failure message lists it: id, name, kind and state, then one {@code at} line
     * per frame, as a Java stack trace reads.
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder()
                .append("Thread #").append(id).append(" \"").append(name).append("\" ")
                .append(virtual ? "virtual" : "platform");
        if (!state.isEmpty()) {
            out.append(", ").append(state);
        }
        for (String frame : stack) {
            out.append("\n\tat ").append(frame);
        }
        return out.toString();
    }
}

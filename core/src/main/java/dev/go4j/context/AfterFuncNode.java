package dev.go4j.context;

import dev.go4j.Go;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;

/**
 * {@link Context#afterFunc}: a function registered with a context like a child, run in its own
 * goroutine when the context is cancelled, unless stopped first. One CAS decides between run and stop.
 */
final class AfterFuncNode extends Node implements Context.StopFunc {
    static final Executor GOROUTINE = fn -> Go.go(fn::run);

    private static final int ARMED = 0;
    private static final int STARTED = 1;
    private static final int STOPPED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(AfterFuncNode.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final CancelCtx registeredWith;
    private final Runnable fn;
    private final Executor runner;
    private volatile int state;

    private AfterFuncNode(CancelCtx registeredWith, Runnable fn, Executor runner) {
        this.registeredWith = registeredWith;
        this.fn = fn;
        this.runner = runner;
    }

    /** Registers {@code fn} with {@code ctx}; {@code runner} starts it (a goroutine, or inline in stress tests). */
    static AfterFuncNode register(Context ctx, Runnable fn, Executor runner) {
        CancelCtx c = Contexts.cancelerOf(ctx);
        AfterFuncNode n = new AfterFuncNode(c, fn, runner);
        if (c != null && c.register(n) != null) {
            n.start(); // already cancelled: Go calls f at once, in its own goroutine
        }
        return n;
    }

    @Override
    Node parentCanceled(ContextException err) {
        start();
        return null;
    }

    private void start() {
        if (STATE.compareAndSet(this, ARMED, STARTED)) {
            runner.execute(fn);
        }
    }

    @Override
    public boolean stop() {
        if (!STATE.compareAndSet(this, ARMED, STOPPED)) {
            return false;
        }
        if (registeredWith != null) {
            registeredWith.removeChild(this);
        }
        return true;
    }

    @Override
    public String toString() {
        return "AfterFunc[" + switch (state) {
            case ARMED -> "armed";
            case STARTED -> "started";
            default -> "stopped";
        } + "]";
    }
}

package dev.go4j.patterns.workerpool;

import dev.go4j.context.Context;

/**
 * A task that receives its own context: Go's {@code func(ctx context.Context) (T, error)}, with the
 * error thrown.
 *
 * <p>The context is done when the task is cancelled (its handle, its group, the pool's
 * {@code shutdownNow}, or the context it was submitted with) or runs past the pool's per-task
 * deadline. A task that returns early because its context is done may simply throw the context's
 * error (or let a context-aware call throw it): it is then counted as cancelled, not failed.
 *
 * @param <T> the result type
 * @since 0.1.0
 */
@FunctionalInterface
public interface ContextTask<T> {
    /**
     * Runs the task.
     *
     * @param ctx the task's context; never null
     * @return the result, which may be null
     * @throws Exception any failure; it reaches the task's handle and the pool's failure handler
     */
    T call(Context ctx) throws Exception;
}

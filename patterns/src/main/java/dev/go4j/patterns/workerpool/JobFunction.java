package dev.go4j.patterns.workerpool;

/**
 * The work a worker does on one job: Go's {@code func(ctx context.Context, j J) (R, error)}, with the
 * error thrown.
 *
 * @param <J> the job type
 * @param <R> the value type
 * @since 0.1.0
 */
@FunctionalInterface
public interface JobFunction<J, R> {
    /**
     * Processes one job.
     *
     * @param job the job, never null (channels hold no null)
     * @return the value, which may be null
     * @throws Exception any failure; it becomes the job's {@link Result#error()}
     */
    R apply(J job) throws Exception;
}

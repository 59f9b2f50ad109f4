package dev.go4j.patterns.workerpool;

import java.util.Objects;
import java.util.concurrent.ExecutionException;

/**
 * The outcome of one job: the job, and either its value or its error. Go: the
 * {@code type result struct { job J; value R; err error }} that a worker sends on its results channel.
 *
 * <p>Exactly one of {@link #value()} and {@link #error()} is meaningful: {@code error() == null} means
 * the job succeeded (its value may then be null, if the job function returned null). A job that never
 * ran because the context was done carries the context's error, so a list of results never hides a
 * job silently.
 *
 * <p>Thread safety: immutable.
 *
 * @param <J> the job type
 * @param <R> the value type
 * @param job the job, as it was received
 * @param value the job function's value, or null if it failed
 * @param error why the job failed, or null if it succeeded
 * @since 0.1.0
 */
public record Result<J, R>(J job, R value, Throwable error) {

    /**
     * Creates a successful result.
     *
     * @param <J> the job type
     * @param <R> the value type
     * @param job the job
     * @param value its value
     * @return a result with no error
     */
    public static <J, R> Result<J, R> ok(J job, R value) {
        return new Result<>(job, value, null);
    }

    /**
     * Creates a failed result.
     *
     * @param <J> the job type
     * @param <R> the value type
     * @param job the job
     * @param error why it failed, not null
     * @return a result with the error
     * @throws NullPointerException if {@code error} is null
     */
    public static <J, R> Result<J, R> failed(J job, Throwable error) {
        return new Result<>(job, null, Objects.requireNonNull(error, "error"));
    }

    /**
     * Whether the job succeeded. Go: {@code r.err == nil}.
     *
     * @return true if {@link #error()} is null
     */
    public boolean isOk() {
        return error == null;
    }

    /**
     * The value, or the error thrown as the {@linkplain ExecutionException#getCause() cause} of an
     * {@link ExecutionException}. Go: {@code if r.err != nil { return r.err }; use(r.value)}.
     *
     * @return the value of a successful job
     * @throws ExecutionException if the job failed
     */
    public R get() throws ExecutionException {
        if (error != null) {
            throw new ExecutionException(error);
        }
        return value;
    }
}

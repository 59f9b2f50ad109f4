package dev.go4j.patterns.pipeline;

/**
 * The work of a map stage on one value: Go's {@code func(v T) (R, error)}, with the error thrown.
 *
 * @param <T> the input type
 * @param <R> the output type
 * @since 0.1.0
 */
@FunctionalInterface
public interface StageFunction<T, R> {
    /**
     * Transforms one value.
     *
     * @param value the input value, never null
     * @return the output value, not null (a channel holds no null: a null result fails the pipeline)
     * @throws Exception any failure; the first one cancels the pipeline and is reported by its sink
     */
    R apply(T value) throws Exception;
}

package dev.go4j.patterns.pipeline;

/**
 * The test of a filter stage: Go's {@code func(v T) (bool, error)}, with the error thrown.
 *
 * @param <T> the value type
 * @since 0.1.0
 */
@FunctionalInterface
public interface StagePredicate<T> {
    /**
     * Tests one value.
     *
     * @param value the value, never null
     * @return true to keep it
     * @throws Exception any failure; the first one cancels the pipeline and is reported by its sink
     */
    boolean test(T value) throws Exception;
}

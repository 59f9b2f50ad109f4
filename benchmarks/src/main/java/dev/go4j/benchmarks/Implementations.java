package dev.go4j.benchmarks;

import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds a benchmark's implementation parameter and go4j's value of it: the {@code @Param} field,
 * in the benchmark class or one of its nested classes, whose enum type has a constant marked
 * {@link Baseline}. No list of names to keep up to date: the benchmark says it.
 */
final class Implementations {

    /**
     * A benchmark's implementation parameter.
     *
     * @param name the parameter's name ({@code impl}, {@code chain}, ...)
     * @param baseline the value that is go4j's implementation
     */
    record Param(String name, String baseline) {}

    private static final Map<String, Optional<Param>> CACHE = new ConcurrentHashMap<>();

    private Implementations() {}

    /**
     * The implementation parameter of {@code benchmark} (a fully qualified {@code Class.method}) run
     * with {@code params}, or empty if none of its parameters is one.
     */
    static Optional<Param> of(String benchmark, Map<String, String> params) {
        String className = benchmark.substring(0, benchmark.lastIndexOf('.'));
        String key = className + ' ' + params.keySet();
        return CACHE.computeIfAbsent(key, k -> find(className, params));
    }

    private static Optional<Param> find(String className, Map<String, String> params) {
        Class<?> benchmark;
        try {
            benchmark = Class.forName(className, false, Implementations.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
        Deque<Class<?>> classes = new ArrayDeque<>();
        classes.add(benchmark);
        while (!classes.isEmpty()) {
            Class<?> c = classes.poll();
            for (Field f : c.getDeclaredFields()) {
                String value = params.get(f.getName());
                if (value == null || !f.isAnnotationPresent(org.openjdk.jmh.annotations.Param.class)
                        || !f.getType().isEnum()) {
                    continue;
                }
                Optional<String> base = baselineOf(f.getType());
                if (base.isPresent() && hasConstant(f.getType(), value)) {
                    return Optional.of(new Param(f.getName(), base.get()));
                }
            }
            classes.addAll(List.of(c.getDeclaredClasses()));
        }
        return Optional.empty();
    }

    /** The name of the constant of {@code enumType} marked {@link Baseline}, if one is. */
    static Optional<String> baselineOf(Class<?> enumType) {
        for (Field f : enumType.getFields()) {
            if (f.isEnumConstant() && f.isAnnotationPresent(Baseline.class)) {
                return Optional.of(f.getName());
            }
        }
        return Optional.empty();
    }

    private static boolean hasConstant(Class<?> enumType, String name) {
        for (Object c : enumType.getEnumConstants()) {
            if (((Enum<?>) c).name().equals(name)) {
                return true;
            }
        }
        return false;
    }
}

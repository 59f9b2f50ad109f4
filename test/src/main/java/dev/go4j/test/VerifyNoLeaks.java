package dev.go4j.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test class whose tests leave threads running, virtual threads included: the twin of Go's
 * {@code goleak.VerifyTestMain(m)} (per class) and {@code defer goleak.VerifyNone(t)} (per test).
 *
 * <p>Registers {@link LeakCheckExtension}. The threads alive before the class (or the test) starts are
 * expected; so are the JDK's own and the test harness's (see {@link Leaks}). Any other thread still
 * alive after it, once ending threads have had {@link #maxWaitMillis()} to end, fails the class (or
 * the test) with each thread's name and stack.
 *
 * <p>Inherited by subclasses and seen from {@code @Nested} classes inside the annotated one. To check
 * every class of a suite without annotating each, enable JUnit's extension auto-detection instead (see
 * {@link LeakCheckExtension}); an annotation on a class then overrides the suite-wide settings for it.
 *
 * {@snippet class=dev.go4j.test.LeaksSnippets region=annotation}
 *
 * @since 0.1.0
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LeakCheckExtension.class)
public @interface VerifyNoLeaks {

    /**
     * When to look.
     *
     * @return {@link Mode#PER_CLASS} by default: two looks at the threads per class
     */
    Mode value() default Mode.PER_CLASS;

    /**
     * Threads to expect by name: regular expressions the whole name must match
     * ({@link Leaks#ignoreNames(String)}).
     *
     * @return the patterns, none by default
     */
    String[] ignoreNames() default {};

    /**
     * Threads to expect by the method of their innermost non-JDK frame, as {@code class.method}
     * ({@link Leaks#ignoreTopFrame(String)}; Go: {@code goleak.IgnoreTopFunction}).
     *
     * @return the methods, none by default
     */
    String[] ignoreTopFrames() default {};

    /**
     * Threads to expect by any frame's method, as {@code class.method}
     * ({@link Leaks#ignoreAnyFrame(String)}; Go: {@code goleak.IgnoreAnyFunction}).
     *
     * @return the methods, none by default
     */
    String[] ignoreAnyFrames() default {};

    /**
     * How long ending threads may take to end before they are reported, in milliseconds; negative
     * means the suite-wide setting ({@code go4j.leaks.maxWaitMillis}, else 2000).
     *
     * @return the wait, {@code -1} by default
     */
    long maxWaitMillis() default -1;

    /**
     * When the threads are compared.
     *
     * @since 0.1.0
     */
    enum Mode {
        /** Before the class's first test and after its last: cheap, and names the class. */
        PER_CLASS,
        /** Before and after each test: names the test, at two looks per test. */
        PER_TEST,
        /** Not at all: for a class that must leave a thread behind (say why beside it). */
        OFF
    }
}

package dev.go4j.test;

import dev.go4j.test.VerifyNoLeaks.Mode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link VerifyNoLeaks}: fails a test class (or a test) that leaves
 * threads running, virtual threads included. Go: {@code goleak.VerifyTestMain(m)}.
 *
 * <p>Before the class (or each test) it notes every live thread ({@link Leaks#ignoreCurrent()}); after
 * it, it runs {@link Leaks#find(Leaks.Option...)} with that baseline, and fails the class (or the test)
 * with an {@link AssertionError} listing each thread left behind with its stack.
 *
 * <p>Use it in one of two ways:
 * <ul>
 *   <li>annotate a class with {@link VerifyNoLeaks};
 *   <li>or check every class of a suite: this jar registers the extension for JUnit's auto-detection,
 *       so a {@code src/test/resources/junit-platform.properties} with
 *       {@code junit.jupiter.extensions.autodetection.enabled = true} is enough.
 * </ul>
 *
 * <p>Suite-wide settings, read from JUnit's configuration parameters ({@code junit-platform.properties}
 * or {@code -D} system properties); a {@link VerifyNoLeaks} on a class overrides the mode and the wait,
 * and adds its ignores to these:
 * <ul>
 *   <li>{@code go4j.leaks.mode}: {@code per_class} (default), {@code per_test} or {@code off};
 *   <li>{@code go4j.leaks.ignoreNames}, {@code go4j.leaks.ignoreTopFrames},
 *       {@code go4j.leaks.ignoreAnyFrames}: comma-separated, as the annotation's attributes;
 *   <li>{@code go4j.leaks.maxWaitMillis}: how long ending threads may take to end (2000 by default).
 * </ul>
 *
 * <p>Thread safety: stateless; its per-class and per-test state lives in JUnit's extension store, so
 * one instance serves every class, and classes run in parallel do not share baselines. Tests that run
 * in parallel see each other's threads, though: run leak-checked classes one at a time.
 *
 * @implNote Costs two looks at the threads per class (per test in {@code per_test} mode), a few milliseconds
 *     each, and nothing more while no thread is left behind.
 * @since 0.1.0
 */
public final class LeakCheckExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    static final String MODE = "go4j.leaks.mode";
    static final String IGNORE_NAMES = "go4j.leaks.ignoreNames";
    static final String IGNORE_TOP_FRAMES = "go4j.leaks.ignoreTopFrames";
    static final String IGNORE_ANY_FRAMES = "go4j.leaks.ignoreAnyFrames";
    static final String MAX_WAIT_MILLIS = "go4j.leaks.maxWaitMillis";

    private static final String BASELINE = "baseline";

    /** Creates the extension; JUnit does, from {@link VerifyNoLeaks} or auto-detection. */
    public LeakCheckExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (mode(context) == Mode.PER_CLASS) {
            store(context).put(BASELINE, Leaks.ignoreCurrent());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        check(context, "test class " + context.getRequiredTestClass().getName());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (mode(context) == Mode.PER_TEST) {
            store(context).put(BASELINE, Leaks.ignoreCurrent());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        check(context, "test " + context.getRequiredTestClass().getName() + "."
                + context.getRequiredTestMethod().getName() + " (" + context.getDisplayName() + ")");
    }

    private static void check(ExtensionContext context, String what) {
        Leaks.Option baseline = store(context).remove(BASELINE, Leaks.Option.class);
        if (baseline == null) {
            return;
        }
        List<Leaks.Option> options = options(context);
        options.add(baseline);
        List<LeakedThread> leaks = Leaks.find(options.toArray(Leaks.Option[]::new));
        if (!leaks.isEmpty()) {
            throw new Leaks.LeakError(what + " left threads running: " + Leaks.describe(leaks));
        }
    }

    /** Each context has its own baseline: a nested class's check never finds its outer class's. */
    private static ExtensionContext.Store store(ExtensionContext context) {
        return context.getStore(Namespace.create(LeakCheckExtension.class, context.getUniqueId()));
    }

    private static Mode mode(ExtensionContext context) {
        Optional<VerifyNoLeaks> annotation = annotation(context);
        if (annotation.isPresent()) {
            return annotation.get().value();
        }
        return context.getConfigurationParameter(MODE).map(LeakCheckExtension::parseMode).orElse(Mode.PER_CLASS);
    }

    private static Mode parseMode(String value) {
        try {
            return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(MODE + " must be per_class, per_test or off, not \"" + value + "\"", e);
        }
    }

    private static long parseMaxWait(String value) {
        try {
            long millis = Long.parseLong(value.trim());
            if (millis >= 0) {
                return millis;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(MAX_WAIT_MILLIS + " must be a number of milliseconds >= 0, not \"" + value + "\"");
    }

    private static List<Leaks.Option> options(ExtensionContext context) {
        List<Leaks.Option> options = new ArrayList<>();
        Optional<VerifyNoLeaks> annotation = annotation(context);
        for (String name : list(context, IGNORE_NAMES)) {
            options.add(Leaks.ignoreNames(name));
        }
        for (String method : list(context, IGNORE_TOP_FRAMES)) {
            options.add(Leaks.ignoreTopFrame(method));
        }
        for (String method : list(context, IGNORE_ANY_FRAMES)) {
            options.add(Leaks.ignoreAnyFrame(method));
        }
        long maxWait = context.getConfigurationParameter(MAX_WAIT_MILLIS).map(LeakCheckExtension::parseMaxWait)
                .orElse(-1L);
        if (annotation.isPresent()) {
            VerifyNoLeaks a = annotation.get();
            for (String name : a.ignoreNames()) {
                options.add(Leaks.ignoreNames(name));
            }
            for (String method : a.ignoreTopFrames()) {
                options.add(Leaks.ignoreTopFrame(method));
            }
            for (String method : a.ignoreAnyFrames()) {
                options.add(Leaks.ignoreAnyFrame(method));
            }
            if (a.maxWaitMillis() >= 0) {
                maxWait = a.maxWaitMillis();
            }
        }
        if (maxWait >= 0) {
            options.add(Leaks.maxWait(Duration.ofMillis(maxWait)));
        }
        return options;
    }

    private static List<String> list(ExtensionContext context, String key) {
        List<String> values = new ArrayList<>();
        context.getConfigurationParameter(key).ifPresent(s -> {
            for (String value : s.split(",")) {
                if (!value.isBlank()) {
                    values.add(value.trim());
                }
            }
        });
        return values;
    }

    /** The annotation on the test class, its superclasses or its enclosing classes, innermost first. */
    private static Optional<VerifyNoLeaks> annotation(ExtensionContext context) {
        for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
            Optional<VerifyNoLeaks> found = AnnotationSupport.findAnnotation(c, VerifyNoLeaks.class);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}

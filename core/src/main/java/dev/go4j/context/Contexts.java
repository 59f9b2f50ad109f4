package dev.go4j.context;

import java.time.Instant;
import java.util.Objects;

/** Walks of the context chain shared by the implementations; iterative, so any depth is safe. */
final class Contexts {
    private Contexts() {}

    static Context requireParent(Context parent) {
        return Objects.requireNonNull(parent, "parent: cannot create context from nil parent (use Context.background())");
    }

    /** The nearest cancelable context on the path to the root (Go: parentCancelCtx), or null if none. */
    static CancelCtx cancelerOf(Context c) {
        return switch (c) {
            case CancelCtx cc -> cc;
            case ValueCtx v -> v.canceler;
            case WithoutCancelCtx w -> null;
            case EmptyCtx e -> null;
        };
    }

    /** The nearest deadline on the path to the root, or null. */
    static Instant deadlineOf(Context c) {
        for (;;) {
            switch (c) {
                case TimerCtx t -> {
                    return t.deadline;
                }
                case CancelCtx cc -> c = cc.parent;
                case ValueCtx v -> c = v.parent;
                case WithoutCancelCtx w -> {
                    return null;
                }
                case EmptyCtx e -> {
                    return null;
                }
            }
        }
    }

    /** Go's value(): the nearest binding of {@code key}, walking up without recursion. */
    static Object valueOf(Context c, Context.Key<?> key) {
        Objects.requireNonNull(key, "key");
        for (;;) {
            switch (c) {
                case ValueCtx v -> {
                    if (v.key == key) {
                        return v.value;
                    }
                    c = v.parent;
                }
                case CancelCtx cc -> c = cc.parent;
                case WithoutCancelCtx w -> c = w.parent;
                case EmptyCtx e -> {
                    return null;
                }
            }
        }
    }

    /**
     * Go's stringify: a string as itself, a value whose class declares {@code toString} (Go's
     * Stringer) through it, anything else by its type name, so that secrets in opaque objects are
     * not printed by accident.
     */
    static String stringify(Object v) {
        if (v instanceof String s) {
            return s;
        }
        try {
            if (v.getClass().getMethod("toString").getDeclaringClass() != Object.class) {
                return v.toString();
            }
        } catch (NoSuchMethodException impossible) {
            // every class has toString
        }
        return v.getClass().getName();
    }
}

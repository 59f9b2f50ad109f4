package dev.go4j.sync;

/**
 * The state behind {@link Once#onceFunc}, {@link Once#onceValue} and {@link Once#onceValues}: a
 * {@link Once} plus the outcome of the one call — Go's closure over {@code once}, {@code valid},
 * {@code p} and the result in {@code sync/oncefunc.go}.
 *
 * @param <T> the value's type
 */
final class OnceCell<T> implements Once.CheckedRunnable<RuntimeException> {
    /* Implementation overview
     *
     * The function runs inside once.run(this) and never lets its failure escape it: the failure is
     * recorded, the Once completes normally, and every caller -- the first one included -- rethrows the
     * recorded exception after once.run returns. value and failure are plain fields, written before
     * the Once's volatile swap to DONE and read after a volatile read of DONE, so every caller sees them.
     * The function is dropped after its call (Go: "Do not keep f alive after invoking it").
     */

    private final Once once = new Once();
    private Once.CheckedSupplier<? extends T, ?> f;
    private T value;
    private Throwable failure;

    OnceCell(Once.CheckedSupplier<? extends T, ?> f) {
        this.f = f;
    }

    /** Returns the value, or rethrows the failure, of the one call of the function. */
    T get() {
        if (!once.isDone()) {
            once.run(this);
        }
        Throwable t = failure;
        if (t != null) {
            // f's own exception, so it is one of the types the caller's function type declares
            throw OnceCell.<RuntimeException>rethrow(t);
        }
        return value;
    }

    /** The one call, made by {@link Once}: records the outcome instead of throwing it. */
    @Override
    public void run() {
        try {
            value = f.get();
        } catch (Throwable t) {
            failure = t;
        } finally {
            f = null;
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E rethrow(Throwable t) throws E {
        throw (E) t;
    }
}

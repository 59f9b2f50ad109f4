package dev.go4j.context;

import dev.go4j.chan.Channel;
import dev.go4j.chan.ReceiveChannel;
import dev.go4j.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Carries a cancellation signal, a deadline and request-scoped values across API boundaries and
 * threads: Go's {@code context.Context}.
 *
 * <p>Contexts form a tree. {@link #background()} is the root; {@link #withCancel}, {@link #withTimeout},
 * {@link #withDeadline}, {@link #withValue} and {@link #withoutCancel} derive a child from a parent.
 * Pass the context as the first argument of every call on a request path, and bound every blocking
 * call by it ({@code ch.receive(ctx)}, or a {@link dev.go4j.chan.Select} case on {@link #done()}).
 *
 * <h2>Semantics (Go's, rule for rule)</h2>
 * <ul>
 *   <li>{@link #err()} is null until the context is done, then forever one of Go's two kinds:
 *       {@link ContextCanceledException} or {@link DeadlineExceededException}; the cause given to
 *       {@code cancel(cause)} is its {@linkplain Throwable#getCause() cause}, and {@link #cause(Context)}
 *       returns it.</li>
 *   <li>{@link #done()} is a channel that is closed when the context is done (never, for
 *       {@link #background()}: it is then {@link Channel#nil()}). Successive calls return the same
 *       channel. It carries no values: a receive returns when it is closed.</li>
 *   <li>Cancelling a context cancels every context derived from it, before {@code cancel} returns,
 *       with the same error and cause; a context derived from a cancelled one is born cancelled.
 *       Cancelling a child never touches its parent.</li>
 *   <li>A cancelled child is removed from its parent at once, so a long-lived parent with millions of
 *       short-lived children does not grow; a cancelled deadline releases its timer.</li>
 *   <li>A child's deadline is never later than its parent's: asking for a later one gets the
 *       parent's.</li>
 *   <li>{@link #value(Key)} looks a key up from the context towards the root; the nearest
 *       {@link #withValue} wins. Keys are {@link Key} objects compared by identity, so two packages
 *       cannot collide.</li>
 *   <li>{@code toString()} is Go's: {@code context.Background.WithCancel.WithValue(user, alice)}.</li>
 * </ul>
 *
 * <p>Every context comes from the factories here (the interface is sealed); all are immutable apart
 * from their cancellation state.
 *
 * <p>Thread safety: every method may be called from any thread; a context is meant to be shared by
 * the goroutines working on one request. Memory consistency effects: actions before a cancellation
 * (a {@code cancel} call, or a deadline passing) happen-before the actions after observing it in
 * another thread ({@code err() != null}, {@code done()} closed, an {@link #afterFunc} function
 * running, a blocked call throwing).
 *
 * <p>Bad input: a null parent throws {@link NullPointerException} with Go's panic message
 * {@code "cannot create context from nil parent"}; every other null argument throws
 * {@link NullPointerException} naming it.
 *
 * <p>Example — a request with a deadline, and a worker that honours it:
 * {@snippet class=dev.go4j.context.ContextSnippets region=timeout}
 *
 * @implNote Go's {@code context.go}, without its locks on the read paths: the state is one volatile
 * field set by CAS, so {@code err()} is a volatile read (two once done) and exactly one cancellation wins. The done
 * channel is made on the first {@link #done()} call (a context cancelled before that allocates none).
 * Children hang on an intrusive doubly-linked list under a lock that the parent allocates when its
 * first child registers; registering and removing are O(1) and allocate nothing more. A context
 * derived from {@link #background()} is never registered anywhere: {@code withCancel(background())}
 * plus {@code cancel()} allocates one object. Value lookup walks the chain without recursion.
 * @since 0.1.0
 */
public sealed interface Context permits CancelableContext, EmptyCtx, ValueCtx, WithoutCancelCtx {

    /**
     * The time at which the context will be cancelled with {@link DeadlineExceededException}, if it
     * has one. Go: {@code ctx.Deadline()}, with an empty optional for {@code ok == false}.
     *
     * @return the deadline, or empty if none was set here or on an ancestor
     */
    Optional<Instant> deadline();

    /**
     * A channel that is closed when the context is done. Go: {@code ctx.Done()}.
     *
     * <p>Use it as a {@link dev.go4j.chan.Select} case ({@code .onReceive(ctx.done(), x -> ...)}) or
     * as a blocking wait ({@code ctx.done().receiveOrNull()} returns null once done). It never carries
     * a value. For a context that can never be cancelled it is {@link Channel#nil()}, whose case is
     * never ready.
     *
     * @return the done channel; the same channel on every call
     */
    ReceiveChannel<Void> done();

    /**
     * Why the context is done, or null if it is not. Go: {@code ctx.Err()}. Once non-null it never
     * changes, and it agrees with {@link #done()}: null while done is open, non-null once it is closed.
     * As in Go, where {@code Err} takes the mutex that {@code cancel} holds while it cancels the
     * children, a non-null error also means every context derived from this one is done.
     *
     * @return null, a {@link ContextCanceledException} or a {@link DeadlineExceededException}
     */
    ContextException err();

    /**
     * The value bound to {@code key} by the nearest {@link #withValue} on the path to the root, or null.
     * Go: {@code ctx.Value(key)}.
     *
     * @param <T> the value type
     * @param key the key, not null
     * @return the value, or null if no ancestor binds the key
     * @throws NullPointerException if {@code key} is null
     */
    <T> T value(Key<T> key);

    /**
     * A typed context key that cannot collide with another: keys are compared by identity. Go's
     * idiom {@code type ctxKey struct{}}, unexported, with the value type checked by the compiler.
     *
     * <p>Keep keys in {@code private static final} fields and expose typed accessors, as Go packages
     * do:
     * {@snippet class=dev.go4j.context.ContextSnippets region=key}
     *
     * @param <T> the type of the values bound to this key
     * @since 0.1.0
     */
    final class Key<T> {
        private final String name;

        /**
         * Creates a key, distinct from every other key, whatever its name.
         *
         * @param name a name for {@code toString}, not null
         * @throws NullPointerException if {@code name} is null
         */
        public Key(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * The key's name.
         *
         * @return the name given at creation
         */
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * The handle {@link Context#afterFunc} returns: Go's {@code stop func() bool}.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    interface StopFunc {
        /**
         * Stops the association of the context with the function. Does not wait for a function that
         * has started.
         *
         * @return true if this call prevented the function from running; false if the context was
         *         already done (the function has been started) or it was already stopped
         */
        boolean stop();
    }

    // ------------------------------------------------------------------ roots

    /**
     * The root of every context tree: never cancelled, no deadline, no values. Go:
     * {@code context.Background()}.
     *
     * @return the background context (a singleton), {@code toString} {@code context.Background}
     */
    static Context background() {
        return EmptyCtx.BACKGROUND;
    }

    /**
     * A placeholder root for code that does not yet know which context to use. Go:
     * {@code context.TODO()}. Behaves like {@link #background()}.
     *
     * @return the TODO context (a singleton), {@code toString} {@code context.TODO}
     */
    static Context todo() {
        return EmptyCtx.TODO;
    }

    // ------------------------------------------------------------------ cancellation

    /**
     * A child of {@code parent} that is cancelled when its {@link CancelableContext#cancel()} is
     * called or when the parent is, whichever happens first. Go: {@code context.WithCancel(parent)}.
     * Close it (try-with-resources) when the work is done, to release it from the parent.
     *
     * @param parent the parent context
     * @return the new context, already cancelled if the parent is
     * @throws NullPointerException if {@code parent} is null
     */
    static CancelableContext withCancel(Context parent) {
        return CancelCtx.derive(Contexts.requireParent(parent));
    }

    /**
     * Like {@link #withCancel}: Go's {@code context.WithCancelCause(parent)}. Every
     * {@link CancelableContext} accepts a cause ({@link CancelableContext#cancel(Throwable)}), so the
     * two are the same; this name is kept so that Go code translates word for word.
     *
     * @param parent the parent context
     * @return the new context
     * @throws NullPointerException if {@code parent} is null
     */
    static CancelableContext withCancelCause(Context parent) {
        return withCancel(parent);
    }

    /**
     * A child of {@code parent} that is cancelled with {@link DeadlineExceededException} at
     * {@code deadline} on the system clock, or earlier by {@code cancel} or its parent. Go:
     * {@code context.WithDeadline(parent, d)}. A deadline later than the parent's gives the parent's.
     *
     * @param parent the parent context
     * @param deadline when the context expires; a past deadline gives a context already expired
     * @return the new context
     * @throws NullPointerException if an argument is null
     */
    static CancelableContext withDeadline(Context parent, Instant deadline) {
        return withDeadlineCause(parent, deadline, null, Clock.system());
    }

    /**
     * {@link #withDeadline(Context, Instant)} on the given clock: on a
     * {@link dev.go4j.time.ManualClock} the deadline passes when a test advances the clock.
     *
     * @param parent the parent context
     * @param deadline when the context expires, in the clock's wall time
     * @param clock the clock whose timer enforces the deadline
     * @return the new context
     * @throws NullPointerException if an argument is null
     */
    static CancelableContext withDeadline(Context parent, Instant deadline, Clock clock) {
        return withDeadlineCause(parent, deadline, null, clock);
    }

    /**
     * {@link #withDeadline(Context, Instant)}, with {@code cause} as the cause of the
     * {@link DeadlineExceededException} when the deadline passes. Go:
     * {@code context.WithDeadlineCause(parent, d, cause)}.
     *
     * @param parent the parent context
     * @param deadline when the context expires
     * @param cause the cause reported when the deadline passes, not null
     * @return the new context
     * @throws NullPointerException if an argument is null
     */
    static CancelableContext withDeadlineCause(Context parent, Instant deadline, Throwable cause) {
        return withDeadlineCause(parent, deadline, Objects.requireNonNull(cause, "cause"), Clock.system());
    }

    /**
     * {@link #withDeadlineCause(Context, Instant, Throwable)} on the given clock.
     *
     * @param parent the parent context
     * @param deadline when the context expires, in the clock's wall time
     * @param cause the cause reported when the deadline passes; null for none
     * @param clock the clock whose timer enforces the deadline
     * @return the new context
     * @throws NullPointerException if {@code parent}, {@code deadline} or {@code clock} is null
     */
    static CancelableContext withDeadlineCause(Context parent, Instant deadline, Throwable cause, Clock clock) {
        Contexts.requireParent(parent);
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(clock, "clock");
        return TimerCtx.derive(parent, deadline, null, cause, clock);
    }

    /**
     * A child of {@code parent} that is cancelled with {@link DeadlineExceededException} once
     * {@code timeout} has passed on the system clock: Go's {@code context.WithTimeout(parent, timeout)},
     * which is {@code WithDeadline(parent, time.Now().Add(timeout))}. Close it when the work finishes
     * early: that releases its timer at once.
     *
     * @param parent the parent context
     * @param timeout how long until it expires; zero or negative gives a context already expired
     * @return the new context
     * @throws NullPointerException if an argument is null
     */
    static CancelableContext withTimeout(Context parent, Duration timeout) {
        return withTimeoutCause(parent, timeout, null, Clock.system());
    }

    /**
     * {@link #withTimeout(Context, Duration)} on the given clock.
     *
     * @param parent the parent context
     * @param timeout how long until it expires
     * @param clock the clock that measures the timeout
     * @return the new context
     * @throws NullPointerException if an argument is null
     */
    static CancelableContext withTimeout(Context parent, Duration timeout, Clock clock) {
        return withTimeoutCause(parent, timeout, null, clock);
    }

    /**
     * {@link #withTimeout(Context, Duration)}, with {@code cause} as the cause of the
     * {@link DeadlineExceededException}. Go: {@code context.WithTimeoutCause(parent, timeout, cause)}.
     *
     * @param parent the parent context
     * @param timeout how long until it expires
     * @param cause the cause reported when the timeout passes, not null
     * @return the new context
     * @throws NullPointerException if an argument is null
     */
    static CancelableContext withTimeoutCause(Context parent, Duration timeout, Throwable cause) {
        return withTimeoutCause(parent, timeout, Objects.requireNonNull(cause, "cause"), Clock.system());
    }

    /**
     * {@link #withTimeoutCause(Context, Duration, Throwable)} on the given clock.
     *
     * @param parent the parent context
     * @param timeout how long until it expires
     * @param cause the cause reported when the timeout passes; null for none
     * @param clock the clock that measures the timeout
     * @return the new context
     * @throws NullPointerException if {@code parent}, {@code timeout} or {@code clock} is null
     */
    static CancelableContext withTimeoutCause(Context parent, Duration timeout, Throwable cause, Clock clock) {
        Contexts.requireParent(parent);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(clock, "clock");
        return TimerCtx.derive(parent, null, timeout, cause, clock);
    }

    // ------------------------------------------------------------------ values and detachment

    /**
     * A child of {@code parent} in which {@code key} is bound to {@code value}. Go:
     * {@code context.WithValue(parent, key, val)}. Use it for request-scoped data that crosses API
     * boundaries (a request id, a user), not to pass optional parameters.
     *
     * @param <T> the value type
     * @param parent the parent context
     * @param key the key, not null (Go panics: {@code nil key})
     * @param value the value, not null (a missing value is the absence of the key)
     * @return the new context; it is done exactly when its parent is
     * @throws NullPointerException if an argument is null
     */
    static <T> Context withValue(Context parent, Key<T> key, T value) {
        Contexts.requireParent(parent);
        Objects.requireNonNull(key, "key: nil key");
        Objects.requireNonNull(value, "value: a context binds no null; leave the key out instead");
        return new ValueCtx(parent, key, value);
    }

    /**
     * A child of {@code parent} that keeps its values but is never cancelled: no deadline, no error,
     * a nil done channel, and {@link #cause} null. Go: {@code context.WithoutCancel(parent)}. For work
     * that must outlive the request that started it (an audit write, a cache fill).
     *
     * @param parent the parent context
     * @return the new context
     * @throws NullPointerException if {@code parent} is null
     */
    static Context withoutCancel(Context parent) {
        return new WithoutCancelCtx(Contexts.requireParent(parent));
    }

    // ------------------------------------------------------------------ waiting

    /**
     * Blocks for {@code d} on the system clock, or until {@code ctx} is done, whichever comes first.
     * Go: {@code select { case <-ctx.Done(): return ctx.Err(); case <-time.After(d): }} — the sleep
     * between retries, or a worker's pause, that a cancellation cuts short. See
     * {@link #sleep(Context, Duration, Clock)}.
     *
     * @param ctx the context that cuts the sleep short, not null
     * @param d how long to sleep; zero or negative returns at once (after checking {@code ctx})
     * @throws ContextException the context's {@link #err() err()} if it is done before the call or
     *         becomes done before {@code d} has passed
     * @throws InterruptedException if the thread is interrupted before or while sleeping (the
     *         interrupt status is cleared)
     * @throws NullPointerException if an argument is null
     */
    static void sleep(Context ctx, Duration d) throws InterruptedException {
        sleep(ctx, d, Clock.system());
    }

    /**
     * Blocks for {@code d} on {@code clock}, or until {@code ctx} is done, whichever comes first. Go:
     * {@code select { case <-ctx.Done(): return ctx.Err(); case <-time.After(d): }}, in one call.
     *
     * <p>Semantics: a context that is already done throws its error at once, even for a zero
     * {@code d}. Otherwise the call returns normally once {@code d} has passed on {@code clock} (on a
     * {@link dev.go4j.time.ManualClock}: once a test advances it that far), and throws the context's
     * error the moment the context is done, if that comes first. If both happen at the same instant,
     * exactly one outcome is reported (Go's {@code select} picks one too). Either way the sleep leaves
     * nothing behind: its clock task is cancelled and its registration with the context removed.
     *
     * <p>Thread safety: any number of threads may sleep on one context and one clock. Memory
     * consistency effects: actions before the cancellation that ends a sleep happen-before the sleep
     * throws.
     *
     * @param ctx the context that cuts the sleep short, not null
     * @param d how long to sleep; zero or negative returns at once (after checking {@code ctx})
     * @param clock the clock that measures {@code d}, not null
     * @throws ContextException the context's {@link #err() err()} if it is done before the call or
     *         becomes done before {@code d} has passed
     * @throws InterruptedException if the thread is interrupted before or while sleeping (the
     *         interrupt status is cleared); if the sleep ends at the same moment, it ends that way with
     *         the interrupt status set
     * @throws NullPointerException if an argument is null
     * @implNote Parks the calling thread; no thread, goroutine or channel per sleep. One clock task
     * and, for a context that can be cancelled, one registration with it (as {@link #afterFunc}, but
     * run inline by the cancelling thread: a CAS and an unpark) — both released when the call returns.
     */
    static void sleep(Context ctx, Duration d, Clock clock) throws InterruptedException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(d, "d");
        Objects.requireNonNull(clock, "clock");
        Sleeper.sleep(ctx, d, clock);
    }

    // ------------------------------------------------------------------ observers

    /**
     * Calls {@code fn} in its own goroutine once {@code ctx} is done, or at once (in its own
     * goroutine) if it already is. Go: {@code context.AfterFunc(ctx, f)}. Each call registers
     * independently; a context that can never be cancelled never calls it.
     *
     * @param ctx the context to watch
     * @param fn the function; a failure goes to its thread's uncaught-exception handler
     * @return a handle whose {@link StopFunc#stop()} says whether it prevented the call
     * @throws NullPointerException if an argument is null
     */
    static StopFunc afterFunc(Context ctx, Runnable fn) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(fn, "fn");
        return AfterFuncNode.register(ctx, fn, AfterFuncNode.GOROUTINE);
    }

    /**
     * Why {@code ctx} was cancelled. Go: {@code context.Cause(ctx)}: the cause given to the first
     * {@code cancel(cause)} (or {@code with...Cause}) of the context or of the ancestor whose
     * cancellation reached it; otherwise the same as {@link #err()}; null while not done, and always
     * for a {@link #withoutCancel} context.
     *
     * @param ctx the context
     * @return the cause, the error, or null
     * @throws NullPointerException if {@code ctx} is null
     */
    static Throwable cause(Context ctx) {
        Objects.requireNonNull(ctx, "ctx");
        CancelCtx c = Contexts.cancelerOf(ctx);
        ContextException err = c != null ? c.err() : ctx.err();
        if (err == null) {
            return null;
        }
        Throwable cause = err.getCause();
        return cause != null ? cause : err;
    }
}

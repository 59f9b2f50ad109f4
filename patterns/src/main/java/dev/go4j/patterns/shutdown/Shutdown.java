package dev.go4j.patterns.shutdown;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import dev.go4j.context.DeadlineExceededException;
import dev.go4j.patterns.shutdown.ShutdownReport.Outcome;
import dev.go4j.patterns.shutdown.ShutdownReport.Phase;
import dev.go4j.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A graceful-shutdown coordinator: resources registered in phases are stopped in a fixed order under
 * deadlines, and a {@link ShutdownReport} says what happened. Go has no such type; it is the sequence
 * every Go service writes in {@code main} after {@code <-ctx.Done()}: {@code srv.Shutdown(ctx)} with a
 * deadline, then close the pools and connections, most recently opened first.
 *
 * <h2>The sequence</h2>
 * {@link #run()} (once; later and concurrent calls wait for and return the same report):
 * <ol>
 *   <li><b>Readiness flips</b>: {@link #isReady()} turns false, so a readiness endpoint answers 503
 *       and the load balancer stops sending new requests.</li>
 *   <li><b>Pre-stop delay</b> (default none): the process keeps serving while the load balancer
 *       catches up. In Kubernetes, SIGTERM and the removal of the pod from the endpoints race; a few
 *       seconds here stop new connections from arriving at a closed port.</li>
 *   <li><b>Stop accepting</b>: the {@link #onStopAccepting} steps, in registration order, each under
 *       the step timeout.</li>
 *   <li><b>Drain</b>: the {@link #onDrain} steps all at once, under <em>one</em> overall deadline
 *       (the drain timeout) that their context carries: an HTTP server waiting for its exchanges, a
 *       worker pool finishing its queue.</li>
 *   <li><b>Close</b>: the {@link #onClose} steps one at a time, <em>last registered first</em>
 *       (what was opened last may use what was opened first), each under the step timeout.</li>
 *   <li><b>Report</b>: every step with its outcome and duration.</li>
 * </ol>
 * A step that fails is reported and the sequence goes on; a step whose deadline passes has its thread
 * interrupted, is reported {@link Outcome#TIMED_OUT}, and the sequence goes on without waiting for it.
 * Each step gets a context that expires at its deadline: a step that honours it ends on time; one that
 * ignores both the context and the interrupt keeps its thread (a leak the report shows).
 *
 * <p>Triggers: {@link #runWhenDone(Context)} waits for a context such as
 * {@link SignalContext#context()}; {@link #runOnJvmExit()} runs the sequence from a single JVM
 * shutdown hook. Shutdown hooks run concurrently, in no order and without a time limit; register one
 * coordinator and let it order the work.
 *
 * <p>Thread safety: safe for use from any thread. Memory consistency effects: registering a step
 * happens-before it runs; each step's completion happens-before the next step starts and before
 * {@code run} returns the report.
 *
 * <p>Bad input: null names or steps throw {@link NullPointerException}; a duplicate name throws
 * {@link IllegalArgumentException}; registering once {@code run} has started throws
 * {@link IllegalStateException}.
 *
 * <p>Example:
 * {@snippet class=dev.go4j.patterns.shutdown.ShutdownSnippets region=service}
 *
 * @implNote Each step runs on its own virtual thread; its deadline is a context on the coordinator's
 * clock whose {@code afterFunc} completes the coordinator's wait, so nothing polls. A shutdown costs a
 * thread, a context and a future per step.
 * @since 0.1.0
 */
public final class Shutdown {

    /**
     * A shutdown step: stop something, within the deadline {@code ctx} carries.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    public interface Step {
        /**
         * Runs the step.
         *
         * @param ctx done at the step's deadline (for drain steps: the shared drain deadline)
         * @throws Exception a failure, reported as {@link Outcome#FAILED} (or as
         *         {@link Outcome#TIMED_OUT} if it is the context's or an interrupt after the deadline)
         */
        void run(Context ctx) throws Exception;
    }

    private record Registered(String name, Phase phase, Step step) {}

    private static final Object OK = new Object();
    private static final Object TIMEOUT = new Object();

    private final Clock clock;
    private final Duration preStopDelay;
    private final Duration drainTimeout;
    private final Duration stepTimeout;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Registered> registered = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<ShutdownReport> report = new CompletableFuture<>();
    private volatile boolean ready = true;

    private Shutdown(Builder b) {
        this.clock = b.clock;
        this.preStopDelay = b.preStopDelay;
        this.drainTimeout = b.drainTimeout;
        this.stepTimeout = b.stepTimeout;
    }

    /**
     * A builder with the defaults: the system clock, no pre-stop delay, a 25 s drain (inside
     * Kubernetes' default 30 s grace period) and 5 s per close step.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A coordinator with the defaults of {@link #builder()}.
     *
     * @return a new coordinator
     */
    public static Shutdown create() {
        return builder().build();
    }

    /**
     * Registers a step that stops new work from arriving (close a listener, stop polling a queue).
     *
     * @param name a unique name for the report
     * @param step the step
     * @return this
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the name is taken
     * @throws IllegalStateException if the shutdown has started
     */
    public Shutdown onStopAccepting(String name, Step step) {
        return register(name, Phase.STOP_ACCEPTING, step);
    }

    /**
     * Registers a step that waits for in-flight work, such as an HTTP server's
     * {@code shutdown(ctx)}. All drain steps run together; their context expires at the drain
     * deadline.
     *
     * @param name a unique name for the report
     * @param step the step; it should return when its work is done or {@code ctx} is
     * @return this
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the name is taken
     * @throws IllegalStateException if the shutdown has started
     */
    public Shutdown onDrain(String name, Step step) {
        return register(name, Phase.DRAIN, step);
    }

    /**
     * Registers a resource to close after the drain, last registered first, under the step timeout.
     *
     * @param name a unique name for the report
     * @param resource closed by its {@code close()}
     * @return this
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the name is taken
     * @throws IllegalStateException if the shutdown has started
     */
    public Shutdown onClose(String name, AutoCloseable resource) {
        Objects.requireNonNull(resource, "resource");
        return register(name, Phase.CLOSE, ctx -> resource.close());
    }

    /**
     * Registers a close step that is given its deadline, like {@link #onClose(String, AutoCloseable)}.
     *
     * @param name a unique name for the report
     * @param step the step
     * @return this
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the name is taken
     * @throws IllegalStateException if the shutdown has started
     */
    public Shutdown onCloseStep(String name, Step step) {
        return register(name, Phase.CLOSE, step);
    }

    private Shutdown register(String name, Phase phase, Step step) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(step, "step");
        lock.lock();
        try {
            if (started.get()) {
                throw new IllegalStateException("shutdown: cannot register \"" + name + "\": already started");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("shutdown: a step is already named \"" + name + "\"");
            }
            registered.add(new Registered(name, phase, step));
        } finally {
            lock.unlock();
        }
        return this;
    }

    /**
     * Whether the service should receive traffic: true until the shutdown starts. Serve it from a
     * readiness endpoint (never from liveness: a failing liveness probe restarts the process).
     *
     * @return false once {@link #run()} has been called
     */
    public boolean isReady() {
        return ready;
    }

    /**
     * Runs the shutdown sequence once and returns its report; a later or concurrent call waits for
     * the same report. See the class documentation for the phases. An interrupt while waiting out the
     * pre-stop delay ends the delay; the interrupt status is set again when the report is returned.
     *
     * @return the report
     */
    public ShutdownReport run() {
        lock.lock();
        boolean first;
        try {
            first = started.compareAndSet(false, true);
        } finally {
            lock.unlock();
        }
        if (!first) {
            return report.join();
        }
        try {
            report.complete(sequence());
        } catch (Throwable t) {
            report.completeExceptionally(t);
            throw t;
        }
        return report.join();
    }

    /**
     * Waits until {@code trigger} is done, then runs the shutdown: Go's {@code <-ctx.Done()} followed
     * by the shutdown code.
     *
     * @param trigger the context whose end starts the shutdown, such as a {@link SignalContext}'s
     * @return the report
     * @throws InterruptedException if interrupted before the trigger (nothing has run)
     * @throws NullPointerException if {@code trigger} is null
     */
    public ShutdownReport runWhenDone(Context trigger) throws InterruptedException {
        Objects.requireNonNull(trigger, "trigger").done().receiveOrNull();
        return run();
    }

    /**
     * Registers one JVM shutdown hook that runs this sequence, so {@code System.exit} and the JVM's
     * default SIGTERM handling also shut down in order.
     *
     * @return the hook's thread, for {@link Runtime#removeShutdownHook}
     */
    public Thread runOnJvmExit() {
        Thread hook = Thread.ofPlatform().name("go4j-shutdown").unstarted(this::run);
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private ShutdownReport sequence() {
        long t0 = clock.nanoTime();
        ready = false;
        boolean interrupted = false;
        if (preStopDelay.isPositive()) {
            try (CancelableContext delay = Context.withTimeout(Context.background(), preStopDelay, clock)) {
                delay.done().receiveOrNull();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        List<Registered> steps;
        lock.lock();
        try {
            steps = List.copyOf(registered);
        } finally {
            lock.unlock();
        }
        List<ShutdownReport.Step> results = new ArrayList<>(steps.size());
        for (Registered r : steps) {
            if (r.phase() == Phase.STOP_ACCEPTING) {
                results.add(alone(r));
            }
        }
        try (CancelableContext drain = Context.withTimeout(Context.background(), drainTimeout, clock)) {
            List<Running> running = new ArrayList<>();
            for (Registered r : steps) {
                if (r.phase() == Phase.DRAIN) {
                    running.add(start(r, drain));
                }
            }
            for (Running r : running) {
                results.add(r.await());
            }
        }
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).phase() == Phase.CLOSE) {
                results.add(alone(steps.get(i)));
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new ShutdownReport(Duration.ofNanos(clock.nanoTime() - t0), results);
    }

    private ShutdownReport.Step alone(Registered r) {
        try (CancelableContext ctx = Context.withTimeout(Context.background(), stepTimeout, clock)) {
            return start(r, ctx).await();
        }
    }

    private Running start(Registered r, Context ctx) {
        CompletableFuture<Object> end = new CompletableFuture<>();
        long start = clock.nanoTime();
        Thread thread = Thread.ofVirtual().name("shutdown: " + r.name()).start(() -> {
            try {
                r.step().run(ctx);
                end.complete(OK);
            } catch (Throwable failure) {
                end.complete(failure);
            }
        });
        Context.StopFunc timer = Context.afterFunc(ctx, () -> end.complete(TIMEOUT));
        return new Running(r, ctx, thread, start, end, timer);
    }

    private final class Running {
        private final Registered r;
        private final Context ctx;
        private final Thread thread;
        private final long start;
        private final CompletableFuture<Object> end;
        private final Context.StopFunc timer;

        Running(Registered r, Context ctx, Thread thread, long start, CompletableFuture<Object> end,
                Context.StopFunc timer) {
            this.r = r;
            this.ctx = ctx;
            this.thread = thread;
            this.start = start;
            this.end = end;
            this.timer = timer;
        }

        ShutdownReport.Step await() {
            Object v = end.join(); // bounded: the deadline's afterFunc completes it
            timer.stop();
            Duration took = Duration.ofNanos(clock.nanoTime() - start);
            if (v == OK) {
                return new ShutdownReport.Step(r.name(), r.phase(), Outcome.COMPLETED, took, null);
            }
            if (v == TIMEOUT) {
                thread.interrupt(); // the step overran: ask it to stop, and move on without it
                return new ShutdownReport.Step(r.name(), r.phase(), Outcome.TIMED_OUT, took, null);
            }
            Throwable failure = (Throwable) v;
            // A step that gave up because its deadline passed (the context's error, or the interrupt
            // that follows it) timed out; it did not fail.
            boolean deadline = ctx.err() instanceof DeadlineExceededException
                    && (failure instanceof ContextException || failure instanceof InterruptedException);
            return new ShutdownReport.Step(r.name(), r.phase(), deadline ? Outcome.TIMED_OUT : Outcome.FAILED,
                    took, deadline ? null : failure);
        }
    }

    /**
     * Builds a {@link Shutdown}.
     *
     * <p>Thread safety: not thread-safe; build on one thread.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private Clock clock = Clock.system();
        private Duration preStopDelay = Duration.ZERO;
        private Duration drainTimeout = Duration.ofSeconds(25);
        private Duration stepTimeout = Duration.ofSeconds(5);

        private Builder() {}

        /**
         * The clock that measures the delay, the deadlines and the report ({@code ManualClock} in
         * tests).
         *
         * @param clock the clock
         * @return this
         * @throws NullPointerException if {@code clock} is null
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How long to keep serving after readiness flips, before anything stops.
         *
         * @param delay zero or more
         * @return this
         * @throws NullPointerException if {@code delay} is null
         * @throws IllegalArgumentException if {@code delay} is negative
         */
        public Builder preStopDelay(Duration delay) {
            Objects.requireNonNull(delay, "preStopDelay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("preStopDelay must not be negative, was " + delay);
            }
            this.preStopDelay = delay;
            return this;
        }

        /**
         * The one deadline shared by every drain step.
         *
         * @param timeout positive
         * @return this
         * @throws NullPointerException if {@code timeout} is null
         * @throws IllegalArgumentException if {@code timeout} is not positive
         */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = positive(timeout, "drainTimeout");
            return this;
        }

        /**
         * The deadline of each stop-accepting and close step.
         *
         * @param timeout positive
         * @return this
         * @throws NullPointerException if {@code timeout} is null
         * @throws IllegalArgumentException if {@code timeout} is not positive
         */
        public Builder stepTimeout(Duration timeout) {
            this.stepTimeout = positive(timeout, "stepTimeout");
            return this;
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (!d.isPositive()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }

        /**
         * Builds the coordinator.
         *
         * @return a new coordinator, ready, with no steps
         */
        public Shutdown build() {
            return new Shutdown(this);
        }
    }
}

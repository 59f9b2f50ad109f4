package dev.go4j.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Finds threads left running, virtual threads included: the twin of Go's {@code goleak.VerifyNone} and
 * {@code goleak.Find}.
 *
 * <p>{@link #verifyNone(Option...)} looks at every live thread and fails if any is unexpected. A thread
 * is expected, and never reported, when it is
 * <ul>
 *   <li>the calling thread;
 *   <li>one the JDK runs for itself: the carrier threads of the virtual-thread scheduler, the common
 *       {@link java.util.concurrent.ForkJoinPool}, {@code Common-Cleaner}, {@code Reference Handler} and
 *       the other platform threads outside the {@code main} and {@code VirtualThreads} thread groups,
 *       and the I/O poller threads that virtual threads' blocking socket calls start (platform or
 *       virtual, running {@code sun.nio.ch.Poller}); goleak likewise skips the Go runtime's goroutines;
 *   <li>one of the test harness (a frame in JUnit's launcher, Surefire, Gradle's or IntelliJ's runner,
 *       or JUnit's {@code junit-jupiter-timeout-watcher});
 *   <li>go4j's own timer thread ({@code go4j-timer}, running {@code dev.go4j.time.TimerQueue.loop}),
 *       which every timer, ticker and context deadline shares, and which lives as long as the JVM, as
 *       Go's runtime timers do;
 *   <li>matched by an {@link Option}: alive when {@link #ignoreCurrent()} was called, named by
 *       {@link #ignoreNames(String)}, or running a method given to {@link #ignoreTopFrame(String)} or
 *       {@link #ignoreAnyFrame(String)}.
 * </ul>
 *
 * <p>As goleak retries with back-off before it fails, a thread that is ending is given time to end: the
 * threads are looked at again after 1 ms, 2 ms, 4 ms ... (at most 100 ms apart) until none is
 * unexpected or {@link #maxWait(Duration)} (2 s by default) has passed. A clean run pays one look.
 *
 * <p>Thread safety: every method may be called from any thread; the calls share no state. A look takes
 * each thread's state and stack in turn, not all at one instant: a thread that ends during the look is
 * left out, one that starts during it may be.
 *
 * <p>Setup: give the test JVM {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} (or
 * {@code =dev.go4j.test} when this library is on the module path), as Surefire's {@code argLine}. A look
 * then reads the JDK's own registry of threads, virtual ones included, and takes each stack with
 * {@link Thread#getStackTrace()}. Without it, a look falls back to the JDK's JSON thread dump
 * ({@code HotSpotDiagnosticMXBean.dumpThreads}), which on JDK 25 can crash the JVM when it is taken while
 * virtual threads park and unpark (JDK-8364343); the first such look logs a warning ({@link System.Logger}
 * {@code dev.go4j.test}, on standard error by default), and {@link #readsThreadContainers()} tells which
 * way the looks go.
 *
 * <p>Misuse: a {@code null} option or argument throws {@link NullPointerException}; a malformed name
 * pattern throws {@link java.util.regex.PatternSyntaxException}; a negative wait throws
 * {@link IllegalArgumentException}.
 *
 * {@snippet class=dev.go4j.test.LeaksSnippets region=verifyNone}
 *
 * @implNote A look costs a stack walk per live thread (with the fallback, a JSON dump written to a
 *     temporary file and parsed): a few milliseconds for a few dozen threads, growing with the number
 *     of threads and the depth of their stacks. Virtual threads are seen only while
 *     {@code jdk.trackAllThreads} keeps its default ({@code true}).
 * @since 0.1.0
 */
public final class Leaks {

    private static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(2);
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final List<String> HARNESS_PACKAGES = List.of(
            "org.junit.platform.launcher.", "org.apache.maven.surefire.", "org.gradle.", "com.intellij.rt.");
    private static final String TIMEOUT_WATCHER = "junit-jupiter-timeout-watcher";
    /** The JDK's I/O pollers, virtual threads from JDK 25 on ("SubPoller-0"), started on the first blocking socket read. */
    private static final String JDK_POLLER = "sun.nio.ch.Poller.";
    /** go4j's one timer thread: its runtime's timer, started on first use and kept for the JVM's life. */
    private static final String GO4J_TIMER_LOOP = "dev.go4j.time.TimerQueue.loop";

    private Leaks() {
    }

    /**
     * Fails if a thread other than the expected ones is still alive once the ending ones have had time
     * to end. Go: {@code defer goleak.VerifyNone(t, opts...)}.
     *
     * @param options what else to expect, and how long to wait
     * @throws AssertionError listing each unexpected thread's id, name, kind, state and stack (and no
     *     stack of its own, which would read as one more leaked thread's)
     */
    public static void verifyNone(Option... options) {
        List<LeakedThread> leaks = find(options);
        if (!leaks.isEmpty()) {
            throw new LeakError(describe(leaks));
        }
    }

    /**
     * The unexpected threads still alive once the ending ones have had time to end; empty if none.
     * Go: {@code goleak.Find(opts...)}.
     *
     * <p>An interrupt while waiting stops the wait: the threads of the last look are returned and the
     * interrupt status is set again.
     *
     * @param options what else to expect, and how long to wait
     * @return the unexpected threads of the last look, in the order of the look
     */
    public static List<LeakedThread> find(Option... options) {
        Settings settings = Settings.of(options);
        long start = System.nanoTime();
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            List<LeakedThread> leaks = unexpected(ThreadDump.take(), settings);
            long waited = System.nanoTime() - start;
            long left = settings.maxWaitNanos - waited;
            if (leaks.isEmpty() || left <= 0) {
                return leaks;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(pause, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return leaks;
            }
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
        }
    }

    /**
     * Expects every thread alive now. Go: {@code goleak.IgnoreCurrent()}: take it before the code under
     * test starts, check after it ends.
     *
     * @return an option that expects the threads alive at this call
     */
    public static Option ignoreCurrent() {
        Set<Long> ids = new HashSet<>();
        for (LeakedThread thread : ThreadDump.take().threads()) {
            ids.add(thread.id());
        }
        return new Option(s -> s.ignores.add(t -> ids.contains(t.id())));
    }

    /**
     * Expects the threads whose whole name matches a regular expression (virtual threads are often
     * unnamed: their name is {@code ""}).
     *
     * @param regex a {@link Pattern} the whole name must match, such as {@code "redis-io-\\d+"}
     * @return an option that expects such threads
     */
    public static Option ignoreNames(String regex) {
        Pattern pattern = Pattern.compile(Objects.requireNonNull(regex, "regex"));
        return new Option(s -> s.ignores.add(t -> pattern.matcher(t.name()).matches()));
    }

    /**
     * Expects the threads whose innermost frame outside the JDK ({@link LeakedThread#topFrame()}) runs
     * the given method. Go: {@code goleak.IgnoreTopFunction("pkg.fn")}.
     *
     * @param method a fully qualified {@code class.method}, such as {@code "com.example.Poller.loop"}
     * @return an option that expects such threads
     */
    public static Option ignoreTopFrame(String method) {
        Objects.requireNonNull(method, "method");
        return new Option(s -> s.ignores.add(t -> t.topFrame().equals(method)));
    }

    /**
     * Expects the threads with any frame running the given method. Go: {@code goleak.IgnoreAnyFunction}.
     *
     * @param method a fully qualified {@code class.method}
     * @return an option that expects such threads
     */
    public static Option ignoreAnyFrame(String method) {
        Objects.requireNonNull(method, "method");
        return new Option(s -> s.ignores.add(t -> t.hasFrame(method)));
    }

    /**
     * Whether looks read the JDK's thread containers, safe while virtual threads park and unpark, rather
     * than fall back to the JSON thread dump, which JDK 25 can crash on (see Setup in the class
     * comment). A test suite can assert it to make sure its JVM has the {@code --add-exports} flag.
     *
     * @return true if {@code jdk.internal.vm} is exported to this library
     */
    public static boolean readsThreadContainers() {
        return ThreadDump.readsContainers();
    }

    /**
     * How long to give ending threads to end before they are reported; {@link Duration#ZERO} looks
     * once. Go: {@code goleak.MaxRetries} and {@code goleak.MaxSleep} together.
     *
     * @param maxWait the longest wait, 2 s by default
     * @return an option that sets it
     * @throws IllegalArgumentException if {@code maxWait} is negative
     */
    public static Option maxWait(Duration maxWait) {
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative: " + maxWait);
        }
        long nanos = saturatedNanos(maxWait);
        return new Option(s -> s.maxWaitNanos = nanos);
    }

    /** The failure message: the count, then each thread with its stack. */
    static String describe(List<LeakedThread> leaks) {
        StringBuilder out = new StringBuilder("found ").append(leaks.size())
                .append(leaks.size() == 1 ? " unexpected thread" : " unexpected threads")
                .append(" still alive (join it, close the executor or resource that owns it, or ignore it):");
        for (LeakedThread leak : leaks) {
            out.append("\n\n").append(leak);
        }
        return out.toString();
    }

    private static List<LeakedThread> unexpected(ThreadDump dump, Settings settings) {
        long self = Thread.currentThread().threadId();
        List<LeakedThread> leaks = new ArrayList<>();
        for (LeakedThread thread : dump.threads()) {
            if (thread.id() != self && !dump.isJdkThread(thread) && !isHarness(thread)
                    && settings.ignores.stream().noneMatch(p -> p.test(thread))) {
                leaks.add(thread);
            }
        }
        return leaks;
    }

    private static boolean isHarness(LeakedThread thread) {
        if (thread.name().equals(TIMEOUT_WATCHER)) {
            return true;
        }
        for (String frame : thread.stack()) {
            String method = LeakedThread.methodOf(frame);
            if (method.equals(GO4J_TIMER_LOOP) || method.startsWith(JDK_POLLER)) {
                return true;
            }
            for (String harness : HARNESS_PACKAGES) {
                if (method.startsWith(harness)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * One setting of {@link #find(Option...)} and {@link #verifyNone(Option...)}: a kind of thread to
     * expect, or how long to wait. Go: {@code goleak.Option}. Made by the static methods of
     * {@link Leaks}; immutable and safe to reuse and share.
     *
     * @since 0.1.0
     */
    public static final class Option {
        private final Consumer<Settings> apply;

        private Option(Consumer<Settings> apply) {
            this.apply = apply;
        }
    }

    /**
     * The failure: its message lists the leaked threads' stacks, so it carries none of its own, which
     * would print right after them and read as one more thread's.
     */
    static final class LeakError extends AssertionError {
        private static final long serialVersionUID = 1L;

        LeakError(String message) {
            super(message);
        }

        @Override
        public Throwable fillInStackTrace() {
            return this;
        }
    }

    /** The options of one call, applied in order. */
    private static final class Settings {
        final List<Predicate<LeakedThread>> ignores = new ArrayList<>();
        long maxWaitNanos = DEFAULT_MAX_WAIT.toNanos();

        static Settings of(Option... options) {
            Settings settings = new Settings();
            for (Option option : options) {
                Objects.requireNonNull(option, "option").apply.accept(settings);
            }
            return settings;
        }
    }
}

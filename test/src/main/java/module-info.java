/**
 * go4j test: a thread-leak checker for JUnit 5 that sees virtual threads, the twin of Go's
 * {@code go.uber.org/goleak}. {@link dev.go4j.test.VerifyNoLeaks} and
 * {@link dev.go4j.test.LeakCheckExtension} fail a test class (or a test) that leaves a thread running;
 * {@link dev.go4j.test.Leaks#verifyNone(dev.go4j.test.Leaks.Option...)} is {@code goleak.VerifyNone}.
 *
 * <p>Depend on it with test scope, and give the test JVM
 * {@code --add-exports java.base/jdk.internal.vm=dev.go4j.test} ({@code =ALL-UNNAMED} on the class
 * path): it then reads the JDK's registry of thread containers, the one view of the JVM's threads that
 * lists virtual threads. Without the flag it falls back to the JDK's JSON thread dump
 * ({@code HotSpotDiagnosticMXBean.dumpThreads}), which JDK 25 can crash on while virtual threads park.
 */
module dev.go4j.test {
    requires transitive org.junit.jupiter.api;
    requires com.fasterxml.jackson.databind;
    requires jdk.management;

    exports dev.go4j.test;

    provides org.junit.jupiter.api.extension.Extension with dev.go4j.test.LeakCheckExtension;
}

/**
 * A thread-leak checker for JUnit 5 that sees virtual threads: Go's {@code goleak} for the JVM.
 *
 * <p>Go's {@code goleak.VerifyNone(t)} fails a test that leaves goroutines running; here
 * {@link dev.go4j.test.Leaks#verifyNone(dev.go4j.test.Leaks.Option...)} does the same for threads, and
 * {@link dev.go4j.test.VerifyNoLeaks} (or the auto-detected {@link dev.go4j.test.LeakCheckExtension})
 * checks every test class, as {@code goleak.VerifyTestMain} checks a package. Leaked threads are listed
 * with their names and stacks, after the threads that are ending have been given time to end.
 */
package dev.go4j.test;

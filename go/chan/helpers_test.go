package channel

import (
	"runtime"
	"testing"

	"go4j.dev/go/internal/parked"
)

// waitBlocked waits until n goroutines started by the running test (closures of t.Name()) are
// parked in the given scheduler state, as a goroutine dump names it: "chan receive", "chan send",
// "select", "select (no cases)", "chan receive (nil chan)". It is the Go counterpart of the
// Java tests' Awaitility waits on Thread.State.WAITING (see go4j.dev/go/internal/parked): it
// observes the state the runtime reports instead of sleeping and hoping, fails at once if more
// than n goroutines are in the state, and gives up (failing the test) only after a generous deadline.
func waitBlocked(t *testing.T, n int, state string) {
	t.Helper()
	got, ok := parked.Until(parked.Timeout, closuresOf(t.Name()), []string{state},
		func(got int) bool { return got >= n })
	if got > n {
		t.Fatalf("%d goroutines of %s in state [%s], want %d", got, t.Name(), state, n)
	}
	if !ok {
		t.Fatalf("timed out: %d of %d goroutines of %s reached state [%s]", got, n, t.Name(), state)
	}
}

// countBlocked counts the goroutines in the given state whose stack runs a closure of the test
// named testName.
func countBlocked(testName, state string) int {
	return parked.Count(closuresOf(testName), state)
}

// closuresOf is what the stack of a closure of the test named testName shows: "pkg.TestX.func1".
func closuresOf(testName string) string {
	return "." + testName + ".func"
}

// panicMessage runs f and returns the message of the panic it raised, or fails the test if it
// did not panic. Go's channel panics are runtime.Error values whose Error() is the rule broken.
func panicMessage(t *testing.T, f func()) (msg string) {
	t.Helper()
	defer func() {
		r := recover()
		if r == nil {
			t.Fatal("no panic")
		}
		if err, ok := r.(runtime.Error); ok {
			msg = err.Error()
			return
		}
		t.Fatalf("panic with %T %v, want a runtime.Error", r, r)
	}()
	f()
	return ""
}

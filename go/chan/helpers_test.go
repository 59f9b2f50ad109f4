package channel

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
	"time"
)

// waitBlocked waits until n goroutines started by the running test (closures of t.Name()) are
// parked in the given scheduler state, as a goroutine dump names it: "chan receive", "chan send",
// "select", "select (no cases)", "chan receive (nil chan)". It is the Go counterpart of the
// Java tests' Awaitility waits on Thread.State.WAITING: it observes the state the runtime reports
// instead of sleeping and hoping, and gives up (failing the test) only after a generous deadline.
func waitBlocked(t *testing.T, n int, state string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := countBlocked(t.Name(), state)
		if got == n {
			return
		}
		if got > n {
			t.Fatalf("%d goroutines of %s in state [%s], want %d", got, t.Name(), state, n)
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out: %d of %d goroutines of %s reached state [%s]", got, n, t.Name(), state)
		}
		// The state changes only when the scheduler runs the goroutines we wait for: yield to
		// them, then back off a little so that the goroutine dumps (stop-the-world) stay rare.
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
}

// countBlocked counts the goroutines in the given state whose stack runs a closure of the test
// named testName.
func countBlocked(testName, state string) int {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	closure := "." + testName + ".func"
	count := 0
	for _, g := range bytes.Split(buf, []byte("\n\n")) {
		header, _, _ := strings.Cut(string(g), "\n")
		// "goroutine 7 [chan receive]:" or, after a minute, "goroutine 7 [chan receive, 1 minutes]:"
		if (strings.Contains(header, "["+state+"]") || strings.Contains(header, "["+state+",")) &&
			strings.Contains(string(g), closure) {
			count++
		}
	}
	return count
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

// Package parked lets the tests wait on the state of goroutines: it is Go's equivalent of the Java
// tests' Awaitility wait on a thread state (Thread.State.WAITING). Go has no handle on a goroutine,
// so it reads the state the runtime reports in a goroutine dump (runtime.Stack of all goroutines),
// such as "chan receive", "chan send", "select" or "semacquire", and picks the goroutines by a
// function their stacks run. The tests observe that state instead of sleeping and hoping.
//
// It is for tests only: a dump stops the world.
package parked

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Timeout bounds WaitFor; it is never reached when the tests pass.
const Timeout = 10 * time.Second

// Count returns how many goroutines are parked in one of states (as a goroutine dump names them)
// and have fn on their stacks (fn is matched as text, for example "semaphore.(*Weighted).Acquire(").
// Give more than one state where Go versions name the same wait differently: a sync.WaitGroup's is
// "semacquire" before Go 1.24 and "sync.WaitGroup.Wait" from it on.
func Count(fn string, states ...string) int {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	for _, g := range bytes.Split(buf, []byte("\n\n")) {
		if !bytes.Contains(g, []byte(fn)) {
			continue
		}
		header, _, _ := strings.Cut(string(g), "\n")
		for _, s := range states {
			// "goroutine 7 [select]:" or, after a minute, "goroutine 7 [select, 1 minutes]:"
			if strings.Contains(header, "["+s+"]") || strings.Contains(header, "["+s+",") {
				count++
				break
			}
		}
	}
	return count
}

// Until counts the goroutines parked in one of states with fn on their stacks (see Count) until
// done holds for the count or timeout has passed. Between two looks it yields to the goroutines it
// waits for (a state changes only when the scheduler runs them) and backs off a millisecond, so
// that the dumps stay rare. It returns the last count and whether done held for it.
func Until(timeout time.Duration, fn string, states []string, done func(count int) bool) (count int, ok bool) {
	deadline := time.Now().Add(timeout)
	for {
		count = Count(fn, states...)
		if done(count) {
			return count, true
		}
		if time.Now().After(deadline) {
			return count, false
		}
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
}

// WaitFor waits until exactly n goroutines are parked in one of states with fn on their stacks
// (see Count), and fails t if that does not happen within Timeout.
func WaitFor(t testing.TB, n int, fn string, states ...string) {
	t.Helper()
	if got, ok := Until(Timeout, fn, states, func(count int) bool { return count == n }); !ok {
		t.Fatalf("timed out: %d of %d goroutines in %s reached state [%s]", got, n, fn, strings.Join(states, "|"))
	}
}

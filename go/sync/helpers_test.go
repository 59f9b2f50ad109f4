package sync

import (
	"fmt"
	"testing"
	"time"
)

// long bounds every wait for something that should happen (Awaitility's atMost in the Java tests).
const long = 30 * time.Second

// panicValue runs f and returns what it panicked with; it fails the test if f returns normally.
func panicValue(t *testing.T, f func()) (value any) {
	t.Helper()
	defer func() { value = recover() }()
	f()
	t.Fatal("no panic")
	return nil
}

// panicMessage is panicValue as a string.
func panicMessage(t *testing.T, f func()) string {
	t.Helper()
	return fmt.Sprint(panicValue(t, f))
}

// await fails the test unless ch is closed (or yields) within long.
func await(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(long):
		t.Fatalf("%s did not happen within %v", what, long)
	}
}

// notYet fails the test if ch is already closed.
func notYet(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
		t.Fatalf("%s happened too early", what)
	default:
	}
}

// consumeCPU burns about as much CPU per token as JMH's Blackhole.consumeCPU, so the Go and Java
// benchmarks give their tasks similar work.
func consumeCPU(tokens int) {
	x := uint64(tokens) | 1
	for i := 0; i < tokens; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	if x == 42 { // never true: keeps the loop from being optimized away
		println(x)
	}
}

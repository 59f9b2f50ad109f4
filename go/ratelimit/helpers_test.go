package ratelimit

import (
	"context"
	"testing"
	"time"
)

const long = 10 * time.Second // bound of every "eventually" in the tests; never reached when they pass

// t0 is the fixed instant the tests start from.
var t0 = time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)

// deadlineCtx is a context that is never done but has a deadline: the Wait rules read it, and the
// test need not race a real timer (context.WithDeadline would expire on the wall clock).
type deadlineCtx struct {
	context.Context
	deadline time.Time
}

func withDeadline(d time.Time) context.Context {
	return deadlineCtx{context.Background(), d}
}

func (c deadlineCtx) Deadline() (time.Time, bool) { return c.deadline, true }

// fakeTimers hands out timers that fire when the test says, and reports each request's delay.
type fakeTimers struct {
	asked chan time.Duration
	fire  chan time.Time
}

func newFakeTimers() *fakeTimers {
	return &fakeTimers{asked: make(chan time.Duration, 1), fire: make(chan time.Time, 1)}
}

func (f *fakeTimers) newTimer(d time.Duration) (<-chan time.Time, func() bool) {
	f.asked <- d
	return f.fire, func() bool { return true }
}

// delay waits for a waiter to ask for a timer and returns the delay it asked for.
func (f *fakeTimers) delay(t *testing.T) time.Duration {
	t.Helper()
	select {
	case d := <-f.asked:
		return d
	case <-time.After(long):
		t.Fatal("no timer was asked for")
		return 0
	}
}

// result waits for an error sent by a goroutine under test.
func result(t *testing.T, errs <-chan error) error {
	t.Helper()
	select {
	case err := <-errs:
		return err
	case <-time.After(long):
		t.Fatal("the call did not return")
		return nil
	}
}

// notReturned fails if the goroutine under test has already sent its result.
func notReturned(t *testing.T, errs <-chan error) {
	t.Helper()
	select {
	case err := <-errs:
		t.Fatalf("the call returned (%v); it should block", err)
	default:
	}
}

// panicValue runs f and returns what it panicked with, failing the test if it did not panic.
func panicValue(t *testing.T, f func()) (v interface{}) {
	t.Helper()
	defer func() {
		if v = recover(); v == nil {
			t.Fatal("no panic")
		}
	}()
	f()
	return nil
}

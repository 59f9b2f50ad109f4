package sync

// The Once rules, one test each. The Java twin is core/src/test/java/dev/go4j/sync/OnceTest.java
// (Java's once.Do is once.run: do is a Java keyword; OnceFunc/OnceValue/OnceValues are the static
// methods Once.onceFunc/onceValue/onceValues).

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

// Go: "if once.Do(f) is called multiple times, only the first call will invoke f, even if f has a
// different value in each invocation."
func TestOnceCallsTheFunctionOnlyOnceEvenIfItDiffers(t *testing.T) {
	var once sync.Once
	first, second := 0, 0
	once.Do(func() { first++ })
	once.Do(func() { first++ })
	once.Do(func() { second++ })
	if first != 1 || second != 0 {
		t.Fatalf("first=%d second=%d", first, second)
	}
}

// Go: "no call to Do returns until the one call to f returns".
func TestConcurrentCallersBlockUntilTheFirstCallReturns(t *testing.T) {
	var once sync.Once
	inF := make(chan struct{})
	finishF := make(chan struct{})
	initialized := 0 // plain: published by the Once
	go once.Do(func() {
		close(inF)
		<-finishF
		initialized = 42
	})
	<-inF
	seen := make(chan int)
	go func() {
		once.Do(func() { t.Error("second function called") })
		seen <- initialized
	}()
	select {
	case <-seen:
		t.Fatal("a caller returned while f was running")
	default:
	}
	close(finishF)
	if got := <-seen; got != 42 {
		t.Fatalf("saw %d", got)
	}
}

// Go: "if f panics, Do considers it to have returned; future calls of Do return without calling f".
func TestOncePanicCountsAsDone(t *testing.T) {
	var once sync.Once
	if got := panicMessage(t, func() { once.Do(func() { panic("boom") }) }); got != "boom" {
		t.Fatalf("panic %q", got)
	}
	called := false
	once.Do(func() { called = true })
	if called {
		t.Fatal("f called after a panicking first call")
	}
}

func TestManyConcurrentCallersRunTheFunctionOnceAndAllSeeItsResult(t *testing.T) {
	for round := 0; round < 20; round++ {
		var once sync.Once
		var calls atomic.Int32
		value := 0
		var wg sync.WaitGroup
		var wrong atomic.Int32
		start := make(chan struct{})
		for i := 0; i < 32; i++ {
			Go(&wg, func() {
				<-start
				once.Do(func() {
					calls.Add(1)
					value = 7
				})
				if value != 7 {
					wrong.Add(1)
				}
			})
		}
		close(start)
		wg.Wait()
		if calls.Load() != 1 || wrong.Load() != 0 {
			t.Fatalf("calls=%d wrong=%d", calls.Load(), wrong.Load())
		}
	}
}

// Go: a Do inside f on the same Once deadlocks ("Because no call to Do returns until the one call to
// f returns, if f causes Do to be called, it will deadlock"). Not run here: it would hang. go4j
// throws IllegalStateException instead (onceCalledFromItsOwnFunctionThrowsInsteadOfDeadlocking).

func TestOnceFuncCallsTheFunctionOnlyOnce(t *testing.T) {
	calls := 0
	f := OnceFunc(func() { calls++ })
	if calls != 0 {
		t.Fatal("OnceFunc called f eagerly")
	}
	f()
	f()
	f()
	if calls != 1 {
		t.Fatalf("calls=%d", calls)
	}
}

// Go 1.21: "If f panics, the returned function will panic with the same value on every call."
func TestOnceFuncReplaysFailure(t *testing.T) {
	calls := 0
	boom := errors.New("boom")
	f := OnceFunc(func() {
		calls++
		panic(boom)
	})
	for i := 0; i < 3; i++ {
		if got := panicValue(t, f); got != boom {
			t.Fatalf("call %d panicked with %v", i, got)
		}
	}
	if calls != 1 {
		t.Fatalf("calls=%d", calls)
	}
}

func TestOnceValueReturnsTheOneValue(t *testing.T) {
	calls := 0
	v := OnceValue(func() *int {
		calls++
		n := 1
		return &n
	})
	first := v()
	if v() != first || v() != first || calls != 1 {
		t.Fatalf("calls=%d", calls)
	}
}

func TestOnceValueReplaysFailure(t *testing.T) {
	calls := 0
	boom := errors.New("division by zero")
	v := OnceValue(func() int {
		calls++
		panic(boom)
	})
	if panicValue(t, func() { v() }) != boom || panicValue(t, func() { v() }) != boom || calls != 1 {
		t.Fatalf("calls=%d", calls)
	}
}

// Go 1.21's OnceValues keeps the error: every call returns it again, f is not retried.
func TestOnceValuesReplaysTheSameError(t *testing.T) {
	calls := 0
	notFound := errors.New("no such file")
	read := OnceValues(func() (string, error) {
		calls++
		return "", notFound
	})
	_, err1 := read()
	_, err2 := read()
	if err1 != notFound || err2 != notFound || calls != 1 {
		t.Fatalf("err1=%v err2=%v calls=%d", err1, err2, calls)
	}
}

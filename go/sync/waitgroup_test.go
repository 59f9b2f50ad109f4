package sync

// The WaitGroup rules, one test each. The Java twin is
// core/src/test/java/dev/go4j/sync/WaitGroupTest.java: each test here is named after the rule and the
// Java method has the same name in Java style (TestNegativeCounterPanics here, negativeCounterPanics
// there: a Go panic is an unchecked exception in go4j). Java's Wait is await() (Object.wait is final).

import (
	"sync"
	"sync/atomic"
	"testing"
)

// waitInBackground starts wg.Wait in a goroutine; the channel is closed when it returns.
func waitInBackground(wg *sync.WaitGroup) <-chan struct{} {
	returned := make(chan struct{})
	go func() {
		wg.Wait()
		close(returned)
	}()
	return returned
}

func TestZeroWaitGroupWaitReturnsImmediately(t *testing.T) {
	var wg sync.WaitGroup
	wg.Wait()
}

func TestWaitReturnsWhenCounterReachesZero(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(3)
	returned := waitInBackground(&wg)
	wg.Done()
	wg.Done()
	notYet(t, returned, "Wait with the counter at 1")
	wg.Done()
	await(t, returned, "Wait after the last Done")
}

func TestEveryWaiterIsReleasedByTheZero(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	var waiters []<-chan struct{}
	for i := 0; i < 20; i++ {
		waiters = append(waiters, waitInBackground(&wg))
	}
	wg.Done()
	for _, w := range waiters {
		await(t, w, "a waiter's return")
	}
}

// Go: "If the counter becomes negative, Add panics." go4j: IllegalStateException, same message.
func TestNegativeCounterPanics(t *testing.T) {
	var wg sync.WaitGroup
	if got := panicMessage(t, wg.Done); got != "sync: negative WaitGroup counter" {
		t.Fatalf("panic %q", got)
	}
	// Unlike go4j, which refuses the change, Go has applied it: the group is now unusable.
}

func TestAddWithNegativeDeltaReleasesWaiters(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(5)
	returned := waitInBackground(&wg)
	wg.Add(-5)
	await(t, returned, "Wait after Add(-5)")
}

// Go: "If a WaitGroup is reused to wait for several independent sets of events, new Add calls must
// happen after all previous Wait calls have returned."
func TestReusableAfterWaitReturns(t *testing.T) {
	var wg sync.WaitGroup
	for round := 0; round < 3; round++ {
		wg.Add(2)
		returned := waitInBackground(&wg)
		wg.Done()
		notYet(t, returned, "Wait with the counter at 1")
		wg.Done()
		await(t, returned, "Wait after the round's last Done")
	}
}

// Go 1.25's wg.Go (backported as Go): Add(1), go f(), Done when f returns.
func TestGoRunsTheTaskCountedByTheGroup(t *testing.T) {
	var wg sync.WaitGroup
	release := make(chan struct{})
	var finished atomic.Bool
	Go(&wg, func() {
		<-release
		finished.Store(true)
	})
	returned := waitInBackground(&wg)
	notYet(t, returned, "Wait while the task runs")
	close(release)
	await(t, returned, "Wait after the task")
	if !finished.Load() {
		t.Fatal("Wait returned before the task finished")
	}
}

// Go's memory model: "a call to Done synchronizes before the return of any Wait call it unblocks".
func TestGoTaskWritesAreVisibleAfterWait(t *testing.T) {
	var wg sync.WaitGroup
	results := make([]int, 500) // plain writes, published by Done -> Wait
	for i := range results {
		i := i // per-iteration variable (automatic from Go 1.22)
		Go(&wg, func() { results[i] = i * i })
	}
	wg.Wait()
	for i, r := range results {
		if r != i*i {
			t.Fatalf("results[%d] = %d", i, r)
		}
	}
}

// Tasks that start sub-tasks: Add before go, inside a counted task, is legal and never lets Wait out.
func TestManyConcurrentAddsAndDonesNeverReleaseEarly(t *testing.T) {
	var wg sync.WaitGroup
	var finished atomic.Int64
	const parents, children = 200, 5
	for i := 0; i < parents; i++ {
		Go(&wg, func() {
			for c := 0; c < children; c++ {
				Go(&wg, func() { finished.Add(1) })
			}
			finished.Add(1)
		})
	}
	wg.Wait()
	if got := finished.Load(); got != parents*(children+1) {
		t.Fatalf("Wait returned after %d of %d tasks", got, parents*(children+1))
	}
}

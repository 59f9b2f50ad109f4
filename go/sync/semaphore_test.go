package sync

import (
	"context"
	"errors"
	"testing"

	"go4j.dev/go/internal/parked"
	"golang.org/x/sync/semaphore"
)

// The rules of dev.go4j.sync.SemaphoreTest, on golang.org/x/sync/semaphore.Weighted.

// queuedEventually waits until s has n waiters (the Java tests' awaitWaiters). Weighted keeps its
// queue private, so this counts the goroutines parked in the select of Weighted.Acquire, as a
// goroutine dump reports them (a request larger than the semaphore parks elsewhere, in a receive
// from its context, and is never queued).
func queuedEventually(t *testing.T, n int) {
	t.Helper()
	got, ok := parked.Until(long, "semaphore.(*Weighted).Acquire(", []string{"select"},
		func(got int) bool { return got == n })
	if !ok {
		t.Fatalf("expected %d waiters, have %d", n, got)
	}
}

func acquireAsync(s *semaphore.Weighted, ctx context.Context, n int64) <-chan error {
	done := make(chan error, 1)
	go func() { done <- s.Acquire(ctx, n) }()
	return done
}

func TestSemaphoreLargeWaiterIsNotStarvedBySmallOnes(t *testing.T) {
	s := semaphore.NewWeighted(10)
	s.TryAcquire(10)
	large := acquireAsync(s, context.Background(), 10)
	queuedEventually(t, 1)
	small := acquireAsync(s, context.Background(), 1)
	queuedEventually(t, 2)

	s.Release(1)
	if s.TryAcquire(1) {
		t.Fatal("TryAcquire barged past the queue")
	}
	s.Release(9)
	if err := <-large; err != nil {
		t.Fatal(err)
	}
	select {
	case <-small:
		t.Fatal("the small request passed before the large one released")
	default:
	}
	s.Release(10)
	if err := <-small; err != nil {
		t.Fatal(err)
	}
}

func TestSemaphoreCancelledWaiterLeavesTheQueue(t *testing.T) {
	s := semaphore.NewWeighted(1)
	s.TryAcquire(1)
	ctx, cancel := context.WithCancel(context.Background())
	waiting := acquireAsync(s, ctx, 1)
	queuedEventually(t, 1)
	cancel()
	if err := <-waiting; !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	queuedEventually(t, 0)
	s.Release(1)
	if !s.TryAcquire(1) {
		t.Fatal("the unit was lost")
	}
}

func TestSemaphoreCancelledHeadWakesTheWaitersBehindIt(t *testing.T) {
	s := semaphore.NewWeighted(10)
	s.TryAcquire(5)
	ctx, cancel := context.WithCancel(context.Background())
	large := acquireAsync(s, ctx, 10)
	queuedEventually(t, 1)
	small := acquireAsync(s, context.Background(), 2)
	queuedEventually(t, 2)
	cancel()
	if err := <-large; !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	if err := <-small; err != nil {
		t.Fatal(err)
	}
}

func TestSemaphoreAcquireMoreThanSizeBlocksUntilContextDone(t *testing.T) {
	s := semaphore.NewWeighted(2)
	ctx, cancel := context.WithCancel(context.Background())
	tooLarge := acquireAsync(s, ctx, 3)
	if !s.TryAcquire(2) { // not queued: it does not hold up others
		t.Fatal("the oversized request blocked the semaphore")
	}
	cancel()
	if err := <-tooLarge; !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
}

func TestSemaphoreReleasedMoreThanHeldPanics(t *testing.T) {
	s := semaphore.NewWeighted(2)
	if got := panicMessage(t, func() { s.Release(1) }); got != "semaphore: released more than held" {
		t.Fatalf("panic %q", got)
	}
}

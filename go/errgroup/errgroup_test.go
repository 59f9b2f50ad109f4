package errgroup_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"
)

// The rules of dev.go4j.errgroup.ErrGroupTest, on golang.org/x/sync/errgroup.

const long = 30 * time.Second

func TestErrGroupWaitReportsTheFirstError(t *testing.T) {
	var g errgroup.Group
	first := errors.New("first")
	failed := make(chan struct{})
	g.Go(func() error { defer close(failed); return first })
	g.Go(func() error { <-failed; return errors.New("second") })
	g.Go(func() error { return nil })
	if err := g.Wait(); err != first {
		t.Fatalf("Wait() = %v, want %v", err, first)
	}
}

func TestErrGroupWithContextCancelsTheContextOnTheFirstError(t *testing.T) {
	g, ctx := errgroup.WithContext(context.Background())
	boom := errors.New("backend down")
	g.Go(func() error { <-ctx.Done(); return ctx.Err() })
	g.Go(func() error { return boom })
	if err := g.Wait(); err != boom {
		t.Fatalf("Wait() = %v", err)
	}
	if !errors.Is(ctx.Err(), context.Canceled) {
		t.Fatalf("ctx.Err() = %v", ctx.Err())
	}
}

func TestErrGroupWithContextCancelsTheContextWhenWaitReturns(t *testing.T) {
	g, ctx := errgroup.WithContext(context.Background())
	g.Go(func() error { return nil })
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	if ctx.Err() == nil {
		t.Fatal("context not cancelled after Wait")
	}
}

func TestErrGroupGoBlocksWhileTheGroupIsAtItsLimit(t *testing.T) {
	var g errgroup.Group
	g.SetLimit(1)
	release := make(chan struct{})
	g.Go(func() error { <-release; return nil })
	started := make(chan struct{})
	go g.Go(func() error { close(started); return nil })
	select {
	case <-started:
		t.Fatal("second goroutine started above the limit")
	case <-time.After(10 * time.Millisecond): // a short look: a false pass is possible, a false failure is not
	}
	close(release)
	select {
	case <-started:
	case <-time.After(long):
		t.Fatal("second goroutine never started")
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
}

func TestErrGroupTryGoReturnsFalseAtTheLimit(t *testing.T) {
	var g errgroup.Group
	g.SetLimit(1)
	release := make(chan struct{})
	if !g.TryGo(func() error { <-release; return nil }) {
		t.Fatal("TryGo below the limit failed")
	}
	if g.TryGo(func() error { return nil }) {
		t.Fatal("TryGo at the limit succeeded")
	}
	close(release)
	_ = g.Wait()
}

func TestErrGroupModifyLimitWhileActivePanics(t *testing.T) {
	var g errgroup.Group
	g.SetLimit(2)
	release := make(chan struct{})
	g.Go(func() error { <-release; return nil })
	defer func() {
		close(release)
		_ = g.Wait()
		want := "errgroup: modify limit while 1 goroutines in the group are still active"
		if got := fmt.Sprint(recover()); got != want {
			t.Fatalf("panic %q, want %q", got, want)
		}
	}()
	g.SetLimit(3)
}

func TestErrGroupLimitIsNeverExceeded(t *testing.T) {
	var g errgroup.Group
	g.SetLimit(3)
	var running, maxRunning int32
	for i := 0; i < 100; i++ {
		g.Go(func() error {
			n := atomic.AddInt32(&running, 1)
			for {
				m := atomic.LoadInt32(&maxRunning)
				if n <= m || atomic.CompareAndSwapInt32(&maxRunning, m, n) {
					break
				}
			}
			atomic.AddInt32(&running, -1)
			return nil
		})
	}
	_ = g.Wait()
	if maxRunning > 3 {
		t.Fatalf("%d goroutines ran at once under limit 3", maxRunning)
	}
}

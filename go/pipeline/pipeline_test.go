package pipeline

import (
	"context"
	"errors"
	"hash/maphash"
	"runtime"
	"sort"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"
)

// The rules of dev.go4j.patterns.pipeline.StagesTest, in Go.

func ints(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func TestMapAndFilterStagesKeepTheOrder(t *testing.T) {
	g, ctx := errgroup.WithContext(context.Background())
	sq := Map(ctx, g, Source(ctx, g, ints(50)), func(n int) (int, error) { return n * n, nil })
	got, err := Collect(ctx, g, Filter(ctx, g, sq, func(n int) bool { return n%2 == 0 }))
	if err != nil || len(got) != 25 || got[1] != 4 {
		t.Fatal(got, err)
	}
}

func TestMergeDeliversEveryValueAndClosesOnceAfterEveryInputCloses(t *testing.T) {
	g, ctx := errgroup.WithContext(context.Background())
	var ins []<-chan int
	for i := 0; i < 8; i++ {
		ins = append(ins, Source(ctx, g, ints(1000)))
	}
	got, err := Collect(ctx, g, Merge(ctx, g, ins...))
	if err != nil || len(got) != 8000 {
		t.Fatal(len(got), err)
	}
}

func TestTeeDeliversEveryValueToBothOutputsWhicheverIsReadFirst(t *testing.T) {
	g, ctx := errgroup.WithContext(context.Background())
	a, b := Tee(ctx, g, Source(ctx, g, ints(20)))
	for i := 0; i < 20; i++ {
		if vb, va := <-b, <-a; va != i || vb != i {
			t.Fatalf("%d: %d %d", i, va, vb)
		}
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
}

func TestMapOrderedKeepsTheInputOrder(t *testing.T) {
	g, ctx := errgroup.WithContext(context.Background())
	out := MapOrdered(ctx, g, Source(ctx, g, ints(500)), 4, func(n int) (int, error) {
		if n%7 == 0 {
			runtime.Gosched()
		}
		return n * 2, nil
	})
	got, err := Collect(ctx, g, out)
	if err != nil || len(got) != 500 || !sort.IntsAreSorted(got) {
		t.Fatal(len(got), err)
	}
}

func TestMapUnorderedEmitsEveryValue(t *testing.T) {
	g, ctx := errgroup.WithContext(context.Background())
	got, err := Collect(ctx, g, MapUnordered(ctx, g, Source(ctx, g, ints(500)), 4, func(n int) (int, error) { return n, nil }))
	sort.Ints(got)
	if err != nil || len(got) != 500 || got[499] != 499 {
		t.Fatal(len(got), err)
	}
}

func TestMapPartitionedKeepsTheOrderWithinAKey(t *testing.T) {
	g, ctx := errgroup.WithContext(context.Background())
	seed := maphash.MakeSeed()
	h := func(k int) uint64 { return maphash.String(seed, string(rune('a'+k))) }
	out := MapPartitioned(ctx, g, Source(ctx, g, ints(600)), 4, func(n int) int { return n % 5 }, h,
		func(n int) ([2]int, error) { return [2]int{n % 5, n}, nil })
	got, err := Collect(ctx, g, out)
	if err != nil || len(got) != 600 {
		t.Fatal(len(got), err)
	}
	last := map[int]int{}
	for _, r := range got {
		if prev, ok := last[r[0]]; ok && prev > r[1] {
			t.Fatalf("key %d out of order: %d after %d", r[0], r[1], prev)
		}
		last[r[0]] = r[1]
	}
}

func TestTheFirstFailureCancelsEveryStageAndIsReturnedOnce(t *testing.T) {
	g, ctx := errgroup.WithContext(context.Background())
	bad := errors.New("bad value")
	out := MapOrdered(ctx, g, Source(ctx, g, ints(1_000_000)), 4, func(n int) (int, error) {
		if n == 100 {
			return 0, bad
		}
		return n, nil
	})
	if _, err := Collect(ctx, g, Map(ctx, g, out, func(n int) (int, error) { return n, nil })); err != bad {
		t.Fatalf("err = %v", err)
	}
}

func TestACancelFromOutsideReturnsTheContextErrorNeverAShortList(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	g, ctx := errgroup.WithContext(parent)
	out := Map(ctx, g, Source(ctx, g, ints(1_000_000)), func(n int) (int, error) {
		if n == 50 {
			cancel()
		}
		return n, nil
	})
	if _, err := Collect(ctx, g, out); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

func TestCancellingMidStreamEndsEveryGoroutineTheStagesStarted(t *testing.T) {
	before := runtime.NumGoroutine()
	parent, cancel := context.WithCancel(context.Background())
	g, ctx := errgroup.WithContext(parent)
	merged := Merge(ctx, g, Source(ctx, g, ints(1_000_000)), Source(ctx, g, ints(1_000_000)))
	out := MapOrdered(ctx, g, Merge(ctx, g, FanOut(ctx, g, merged, 3, func(n int) (int, error) { return n, nil })...), 4,
		func(n int) (int, error) { return n, nil })
	<-out
	cancel()
	if _, err := Collect(ctx, g, out); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	deadline := time.Now().Add(10 * time.Second) // OrDone goroutines end just after their stage
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Fatalf("%d goroutines left, %d before", n, before)
	}
}

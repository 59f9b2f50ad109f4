package singleflight_test

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go4j.dev/go/internal/parked"
	"golang.org/x/sync/singleflight"
)

// The rules of dev.go4j.singleflight.SingleFlightTest, on golang.org/x/sync/singleflight.

const long = 30 * time.Second

// joinedEventually waits until n callers of Do have joined a flight, that is, until n goroutines are
// parked in the wait of Group.Do (the Java tests' await on the joined count). The group keeps its
// count private, so this reads the state the runtime reports in a goroutine dump instead: the wait
// is a sync.WaitGroup's, which Go 1.24 and later name "sync.WaitGroup.Wait" and earlier Go
// "semacquire".
func joinedEventually(t *testing.T, n int) {
	t.Helper()
	got, ok := parked.Until(long, "singleflight.(*Group).Do(", []string{"semacquire", "sync.WaitGroup.Wait"},
		func(got int) bool { return got == n })
	if !ok {
		t.Fatalf("expected %d joined callers, have %d", n, got)
	}
}

func TestSingleFlightConcurrentCallersShareOneExecution(t *testing.T) {
	var g singleflight.Group
	var executions int32
	gate := make(chan struct{})
	fn := func() (interface{}, error) {
		atomic.AddInt32(&executions, 1)
		<-gate
		return "v", nil
	}
	var wg sync.WaitGroup
	results := make([]bool, 10)
	for i := range results {
		i := i
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err, shared := g.Do("k", fn)
			if v != "v" || err != nil {
				t.Errorf("Do = %v, %v", v, err)
			}
			results[i] = shared
		}()
	}
	joinedEventually(t, 9)
	close(gate)
	wg.Wait()
	if executions != 1 {
		t.Fatalf("%d executions", executions)
	}
	for i, shared := range results {
		if !shared {
			t.Fatalf("caller %d: shared == false", i)
		}
	}
}

func TestSingleFlightAnErrorReachesEveryCaller(t *testing.T) {
	var g singleflight.Group
	boom := errors.New("backend down")
	gate := make(chan struct{})
	ch := g.DoChan("k", func() (interface{}, error) { <-gate; return nil, boom })
	joined := g.DoChan("k", func() (interface{}, error) { return "unused", nil })
	close(gate)
	for _, c := range []<-chan singleflight.Result{ch, joined} {
		if r := <-c; r.Err != boom || !r.Shared {
			t.Fatalf("result %+v", r)
		}
	}
}

func TestSingleFlightForgottenFlightDoesNotRemoveTheNewOne(t *testing.T) {
	var g singleflight.Group
	gate1, gate2 := make(chan struct{}), make(chan struct{})
	old := g.DoChan("k", func() (interface{}, error) { <-gate1; return "old", nil })
	g.Forget("k")
	current := g.DoChan("k", func() (interface{}, error) { <-gate2; return "new", nil })
	close(gate1)
	if r := <-old; r.Val != "old" {
		t.Fatalf("old flight: %+v", r)
	}
	joiner := g.DoChan("k", func() (interface{}, error) { return "third", nil })
	close(gate2)
	if r := <-current; r.Val != "new" || !r.Shared {
		t.Fatalf("new flight: %+v", r)
	}
	if r := <-joiner; r.Val != "new" {
		t.Fatalf("joiner ran a flight of its own: %+v", r)
	}
}

func TestSingleFlightIsNotACache(t *testing.T) {
	var g singleflight.Group
	v1, _, _ := g.Do("k", func() (interface{}, error) { return 1, nil })
	v2, _, _ := g.Do("k", func() (interface{}, error) { return 2, nil })
	if v1 != 1 || v2 != 2 {
		t.Fatalf("got %v, %v", v1, v2)
	}
}

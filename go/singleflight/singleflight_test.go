package singleflight

import (
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The rules of dev.go4j.singleflight.SingleFlightTest, on the singleflight pattern
// (x/sync/singleflight in real code).

const long = 30 * time.Second

// joinedEventually waits until n callers have joined the flight for key.
func joinedEventually(t *testing.T, g *Group, key string, n int) {
	t.Helper()
	deadline := time.Now().Add(long)
	for {
		g.mu.Lock()
		f := g.flights[key]
		got := -1
		if f != nil {
			got = f.dups
		}
		g.mu.Unlock()
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("expected %d joined callers, have %d", n, got)
		}
		runtime.Gosched()
	}
}

func TestSingleFlightConcurrentCallersShareOneExecution(t *testing.T) {
	var g Group
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
	joinedEventually(t, &g, "k", 9)
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
	var g Group
	boom := errors.New("backend down")
	gate := make(chan struct{})
	ch := g.DoChan("k", func() (interface{}, error) { <-gate; return nil, boom })
	joined := g.DoChan("k", func() (interface{}, error) { return "unused", nil })
	close(gate)
	for _, c := range []<-chan Result{ch, joined} {
		if r := <-c; r.Err != boom || !r.Shared {
			t.Fatalf("result %+v", r)
		}
	}
}

func TestSingleFlightForgottenFlightDoesNotRemoveTheNewOne(t *testing.T) {
	var g Group
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
	var g Group
	v1, _, _ := g.Do("k", func() (interface{}, error) { return 1, nil })
	v2, _, _ := g.Do("k", func() (interface{}, error) { return 2, nil })
	if v1 != 1 || v2 != 2 {
		t.Fatalf("got %v, %v", v1, v2)
	}
}

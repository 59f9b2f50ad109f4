package workerpool

import (
	"context"
	"errors"
	"sort"
	"sync/atomic"
	"testing"
	"time"
)

// The rules of dev.go4j.patterns.workerpool.WorkersTest and WorkerPoolTest, in Go.

func TestWorkersEveryJobGivesOneResultAndResultsCloseAfterJobsClose(t *testing.T) {
	jobs := make(chan int)
	go func() {
		defer close(jobs)
		for i := 1; i <= 100; i++ {
			jobs <- i
		}
	}()
	var got []int
	for r := range Workers(context.Background(), 4, jobs, func(j int) (int, error) { return j * j, nil }) {
		if r.Value != r.Job*r.Job {
			t.Fatalf("job %d gave %d", r.Job, r.Value)
		}
		got = append(got, r.Job)
	}
	sort.Ints(got)
	if len(got) != 100 || got[0] != 1 || got[99] != 100 {
		t.Fatalf("got %d results", len(got))
	}
}

func TestWorkersAFailingJobGivesAFailedResultAndTheWorkerGoesOn(t *testing.T) {
	bad := errors.New("bad job")
	rs := Run(context.Background(), 1, []int{1, 2, 3}, func(j int) (int, error) {
		if j == 2 {
			return 0, bad
		}
		return j * 10, nil
	})
	if rs[0].Value != 10 || rs[1].Err != bad || rs[2].Value != 30 {
		t.Fatalf("results %+v", rs)
	}
}

func TestWorkersReturnAndResultsCloseWhenTheContextIsDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	jobs := make(chan int) // never closed
	results := Workers(ctx, 3, jobs, func(j int) (int, error) { return j, nil })
	jobs <- 7
	if r := <-results; r.Value != 7 {
		t.Fatalf("got %v", r)
	}
	cancel()
	if _, ok := <-results; ok {
		t.Fatal("results not closed")
	}
}

func TestRunNeverDropsAJobSilentlyWhenTheContextIsDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	jobs := make([]int, 50)
	for i := range jobs {
		jobs[i] = i
	}
	rs := Run(ctx, 2, jobs, func(j int) (int, error) {
		if j == 5 {
			cancel()
		}
		return j, nil
	})
	failed := 0
	for _, r := range rs {
		if r.Err != nil {
			if !errors.Is(r.Err, context.Canceled) {
				t.Fatalf("err %v", r.Err)
			}
			failed++
		}
	}
	if len(rs) != 50 || failed == 0 {
		t.Fatalf("%d results, %d failed", len(rs), failed)
	}
}

func TestPoolSubmitBlocksWhileTheQueueIsFull(t *testing.T) {
	gate := make(chan struct{})
	p := New(1, 1, nil)
	blocked := func(context.Context) (any, error) { <-gate; return 1, nil }
	running, _ := p.Submit(context.Background(), blocked)
	for { // wait until the worker has taken the first task
		if _, q, _, _, _ := p.Counters(); q == 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	p.Submit(context.Background(), blocked)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := p.Submit(ctx, blocked); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Submit on a full queue = %v, want the context's error", err)
	}
	close(gate)
	if v, err := running.Wait(); v != 1 || err != nil {
		t.Fatal(v, err)
	}
	p.Close()
}

func TestPoolTrySubmitRefusesAtOnceWhenFullAndCountsADrop(t *testing.T) {
	gate := make(chan struct{})
	p := New(1, 1, nil)
	blocked := func(context.Context) (any, error) { <-gate; return nil, nil }
	p.Submit(context.Background(), blocked)
	for {
		if _, q, _, _, _ := p.Counters(); q == 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	p.TrySubmit(blocked)
	if task, _ := p.TrySubmit(blocked); task != nil {
		t.Fatal("TrySubmit on a full queue queued the task")
	}
	if _, _, _, _, dropped := p.Counters(); dropped != 1 {
		t.Fatalf("dropped = %d", dropped)
	}
	close(gate)
	p.Close()
}

func TestPoolAFailingTaskFailsAloneAndTheHandlerSeesIt(t *testing.T) {
	var seen atomic.Int64
	p := New(1, 4, func(error) { seen.Add(1) })
	bad, _ := p.Submit(context.Background(), func(context.Context) (any, error) { panic("boom") })
	good, _ := p.Submit(context.Background(), func(context.Context) (any, error) { return "still here", nil })
	if _, err := bad.Wait(); err == nil {
		t.Fatal("a panicking task did not fail")
	}
	if v, err := good.Wait(); v != "still here" || err != nil {
		t.Fatal(v, err)
	}
	p.Close()
	if seen.Load() != 1 {
		t.Fatalf("handler saw %d failures", seen.Load())
	}
}

func TestPoolCloseDrainsQueuedAndRunningTasksAndRefusesNewOnes(t *testing.T) {
	var ran atomic.Int64
	p := New(2, 100, nil)
	for i := 0; i < 100; i++ {
		p.Submit(context.Background(), func(context.Context) (any, error) { ran.Add(1); return nil, nil })
	}
	p.Close()
	if ran.Load() != 100 {
		t.Fatalf("ran %d", ran.Load())
	}
	if _, err := p.Submit(context.Background(), nil); err != ErrClosed {
		t.Fatalf("Submit after Close = %v", err)
	}
}

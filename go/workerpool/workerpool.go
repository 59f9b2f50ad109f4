// Package workerpool is the Go twin of dev.go4j.patterns.workerpool: the canonical worker pool on
// channels (Workers, Run) and a small production pool (Pool) with a bounded queue, back-pressure,
// TrySubmit with a drop counter, per-task handles, failure isolation and a graceful Close.
package workerpool

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// Result is one job's outcome: the job, and its value or its error.
type Result[J, R any] struct {
	Job   J
	Value R
	Err   error
}

// Workers starts n workers that range over jobs, apply fn and send one Result per job on the
// returned channel, which a goroutine closes once every worker has returned. Every worker returns
// when ctx is done. The caller closes jobs.
func Workers[J, R any](ctx context.Context, n int, jobs <-chan J, fn func(J) (R, error)) <-chan Result[J, R] {
	if n < 1 {
		panic(fmt.Sprintf("workerpool: n must be at least 1, got %d", n))
	}
	results := make(chan Result[J, R], n)
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			defer wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case j, ok := <-jobs:
					if !ok {
						return
					}
					v, err := fn(j)
					select {
					case results <- Result[J, R]{j, v, err}:
					case <-ctx.Done():
						return
					}
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()
	return results
}

// Run processes every job on n workers and returns one Result per job in the order of jobs. Jobs
// that did not finish because ctx was done carry ctx.Err(): the slice is never silently short.
func Run[J, R any](ctx context.Context, n int, jobs []J, fn func(J) (R, error)) []Result[J, R] {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	indices := make(chan int, n)
	go func() {
		defer close(indices)
		for i := range jobs {
			select {
			case indices <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	out := make([]Result[J, R], len(jobs))
	done := make([]bool, len(jobs))
	for r := range Workers(ctx, n, indices, func(i int) (R, error) { return fn(jobs[i]) }) {
		out[r.Job] = Result[J, R]{jobs[r.Job], r.Value, r.Err}
		done[r.Job] = true
	}
	for i := range out {
		if !done[i] {
			err := ctx.Err()
			if err == nil {
				err = errors.New("workerpool: stopped")
			}
			out[i] = Result[J, R]{Job: jobs[i], Err: err}
		}
	}
	return out
}

// ErrClosed is returned by Submit and TrySubmit after Close.
var ErrClosed = errors.New("workerpool: pool is closed")

// Task is the handle of one submitted task: Done is closed when it has finished.
type Task struct {
	done  chan struct{}
	value any
	err   error
	fn    func(context.Context) (any, error)
	ctx   context.Context
}

// Done returns a channel closed when the task has finished.
func (t *Task) Done() <-chan struct{} { return t.done }

// Wait waits for the task and returns its value and error.
func (t *Task) Wait() (any, error) { <-t.done; return t.value, t.err }

// Pool is a fixed number of workers over a bounded queue (pond's shape).
type Pool struct {
	queue     chan *Task
	mu        sync.RWMutex // guards closed against a send racing close(queue)
	closed    bool
	wg        sync.WaitGroup
	onFailure func(error)

	submitted, succeeded, failed, dropped atomic.Int64
}

// New starts a pool of workers over a queue of capacity queue. onFailure, if not nil, sees every
// task's error (a recovered panic included).
func New(workers, queue int, onFailure func(error)) *Pool {
	if workers < 1 || queue < 1 {
		panic("workerpool: workers and queue must be at least 1")
	}
	p := &Pool{queue: make(chan *Task, queue), onFailure: onFailure}
	p.wg.Add(workers)
	for i := 0; i < workers; i++ {
		go p.worker()
	}
	return p
}

func (p *Pool) worker() {
	defer p.wg.Done()
	for t := range p.queue {
		p.run(t)
	}
}

func (p *Pool) run(t *Task) {
	defer close(t.done)
	defer func() { // failure isolation: a panic fails the task, not the worker
		if r := recover(); r != nil {
			t.err = fmt.Errorf("workerpool: task panicked: %v", r)
		}
		if t.err != nil {
			p.failed.Add(1)
			if p.onFailure != nil && !errors.Is(t.err, context.Canceled) {
				p.onFailure(t.err)
			}
		} else {
			p.succeeded.Add(1)
		}
	}()
	if err := t.ctx.Err(); err != nil {
		t.err = err
		return
	}
	t.value, t.err = t.fn(t.ctx)
}

// Submit queues fn, blocking while the queue is full, or returns ctx.Err() when ctx is done first.
func (p *Pool) Submit(ctx context.Context, fn func(context.Context) (any, error)) (*Task, error) {
	t := &Task{done: make(chan struct{}), fn: fn, ctx: ctx}
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.closed {
		return nil, ErrClosed
	}
	select {
	case p.queue <- t:
		p.submitted.Add(1)
		return t, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// TrySubmit queues fn if there is room now; otherwise it counts a drop and returns nil.
func (p *Pool) TrySubmit(fn func(context.Context) (any, error)) (*Task, error) {
	t := &Task{done: make(chan struct{}), fn: fn, ctx: context.Background()}
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.closed {
		return nil, ErrClosed
	}
	select {
	case p.queue <- t:
		p.submitted.Add(1)
		return t, nil
	default:
		p.dropped.Add(1)
		return nil, nil
	}
}

// Close stops taking tasks and waits until the queued and running ones are done. A Submit blocked
// on a full queue holds the read lock, so Close waits for it to queue its task first: Go's pools
// (pond, ants) make the same choice, since a send on a closed channel would panic.
func (p *Pool) Close() {
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		close(p.queue)
	}
	p.mu.Unlock()
	p.wg.Wait()
}

// Counters returns submitted, queued, succeeded, failed and dropped.
func (p *Pool) Counters() (submitted, queued, succeeded, failed, dropped int64) {
	return p.submitted.Load(), int64(len(p.queue)), p.succeeded.Load(), p.failed.Load(), p.dropped.Load()
}

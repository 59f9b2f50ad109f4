package sync

import (
	"context"
	"sync"
)

// Weighted is a weighted semaphore with FIFO waiters and context-bounded acquires: the pattern of
// golang.org/x/sync/semaphore.Weighted, the Go twin of go4j's dev.go4j.sync.Semaphore.
//
// In real Go code, import golang.org/x/sync/semaphore. This module has no dependencies (and the
// machine it is built on reaches no module proxy), so it carries its own short version of the
// pattern, written from the package's documented behaviour: FIFO grants that stop at the first
// waiter that does not fit, a request larger than the semaphore waits for its context, and a
// cancelled waiter hands back units granted to it at the same moment.
type Weighted struct {
	size    int64
	mu      sync.Mutex
	held    int64
	waiters []*weightedWaiter // FIFO; guarded by mu
}

type weightedWaiter struct {
	n     int64
	ready chan struct{} // closed when the units are granted
}

// NewWeighted returns a semaphore of n units, all free.
func NewWeighted(n int64) *Weighted { return &Weighted{size: n} }

// Acquire takes n units, blocking until they are free or ctx is done; on failure it holds nothing
// and returns ctx.Err().
func (s *Weighted) Acquire(ctx context.Context, n int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	if s.size-s.held >= n && len(s.waiters) == 0 {
		s.held += n
		s.mu.Unlock()
		return nil
	}
	if n > s.size { // can never fit: do not block the queue, just wait for the context
		s.mu.Unlock()
		<-ctx.Done()
		return ctx.Err()
	}
	w := &weightedWaiter{n: n, ready: make(chan struct{})}
	s.waiters = append(s.waiters, w)
	s.mu.Unlock()

	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
		s.mu.Lock()
		defer s.mu.Unlock()
		select {
		case <-w.ready: // granted while giving up: hand the units back to the next in line
			s.held -= n
			s.grantLocked()
		default:
			wasHead := s.waiters[0] == w
			s.removeLocked(w)
			if wasHead && s.size > s.held {
				s.grantLocked()
			}
		}
		return ctx.Err()
	}
}

// TryAcquire takes n units if they are free and nobody waits; it never blocks.
func (s *Weighted) TryAcquire(n int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.size-s.held >= n && len(s.waiters) == 0 {
		s.held += n
		return true
	}
	return false
}

// Release gives back n units and grants waiters in FIFO order while they fit.
func (s *Weighted) Release(n int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n > s.held {
		panic("semaphore: released more than held")
	}
	s.held -= n
	s.grantLocked()
}

// grantLocked serves the queue head while it fits; a waiter that does not fit stops the scan, so
// a large request is not starved by small ones behind it.
func (s *Weighted) grantLocked() {
	for len(s.waiters) > 0 {
		w := s.waiters[0]
		if s.size-s.held < w.n {
			return
		}
		s.held += w.n
		s.waiters[0] = nil
		s.waiters = s.waiters[1:]
		close(w.ready)
	}
}

func (s *Weighted) removeLocked(w *weightedWaiter) {
	for i, x := range s.waiters {
		if x == w {
			s.waiters = append(s.waiters[:i], s.waiters[i+1:]...)
			return
		}
	}
}

// queued reports the number of waiters, for tests.
func (s *Weighted) queued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.waiters)
}

// Package singleflight is the Go twin of go4j's dev.go4j.singleflight.SingleFlight: concurrent
// calls for the same key share one execution of a function and its result.
//
// In real Go code, import golang.org/x/sync/singleflight. This module has no dependencies (and the
// machine it is built on reaches no module proxy), so it carries its own short version of the
// pattern, written from the package's documented behaviour (without x/sync's panic and Goexit
// propagation).
package singleflight

import "sync"

// Result is what DoChan delivers: Do's three results in one value.
type Result struct {
	Val    interface{}
	Err    error
	Shared bool
}

// flight is one in-progress call for a key.
type flight struct {
	done  chan struct{} // closed when val and err are set
	val   interface{}
	err   error
	dups  int             // callers that joined; guarded by Group.mu
	chans []chan<- Result // DoChan callers; guarded by Group.mu
}

// Group holds the flights in progress; the zero Group is ready to use.
type Group struct {
	mu      sync.Mutex
	flights map[string]*flight
}

// Do runs fn for key, or waits for the flight already running for key, and returns its results;
// shared reports whether they went to more than one caller.
func (g *Group) Do(key string, fn func() (interface{}, error)) (v interface{}, err error, shared bool) {
	g.mu.Lock()
	if f, ok := g.flights[key]; ok {
		f.dups++
		g.mu.Unlock()
		<-f.done
		return f.val, f.err, true
	}
	f := g.startLocked(key)
	g.mu.Unlock()
	g.run(key, f, fn)
	return f.val, f.err, f.dups > 0 // dups is final: run read it under mu after removing the flight
}

// DoChan is Do without blocking: the result arrives on the returned channel (capacity one).
func (g *Group) DoChan(key string, fn func() (interface{}, error)) <-chan Result {
	ch := make(chan Result, 1)
	g.mu.Lock()
	if f, ok := g.flights[key]; ok {
		f.dups++
		f.chans = append(f.chans, ch)
		g.mu.Unlock()
		return ch
	}
	f := g.startLocked(key)
	f.chans = append(f.chans, ch)
	g.mu.Unlock()
	go g.run(key, f, fn)
	return ch
}

// Forget makes the next call for key run anew; callers of the current flight still get its result.
func (g *Group) Forget(key string) {
	g.mu.Lock()
	delete(g.flights, key)
	g.mu.Unlock()
}

func (g *Group) startLocked(key string) *flight {
	if g.flights == nil {
		g.flights = make(map[string]*flight)
	}
	f := &flight{done: make(chan struct{})}
	g.flights[key] = f
	return f
}

func (g *Group) run(key string, f *flight, fn func() (interface{}, error)) {
	f.val, f.err = fn()
	g.mu.Lock()
	if g.flights[key] == f { // only our own entry: after Forget a newer flight may own the key
		delete(g.flights, key)
	}
	close(f.done)
	for _, ch := range f.chans {
		ch <- Result{f.val, f.err, f.dups > 0}
	}
	g.mu.Unlock()
}

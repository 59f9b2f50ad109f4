// Package pipeline is the Go twin of dev.go4j.patterns.pipeline: the stage shapes of the Go blog's
// "Pipelines and cancellation" in an errgroup (Source, Map, Filter, Merge, FanOut, Tee, OrDone,
// Collect) and the bounded parallel maps (MapOrdered, MapUnordered, MapPartitioned).
//
// Every stage runs in the group g made by errgroup.WithContext: it stops when ctx is done or its
// input is closed, always closes its output, and returns its function's error, which cancels ctx
// and is the error of g.Wait. A stage stopped by ctx returns nil.
package pipeline

import (
	"context"
	"hash/maphash"
	"sync"

	"golang.org/x/sync/errgroup"
)

// Source sends every value, then closes.
func Source[T any](ctx context.Context, g *errgroup.Group, values []T) <-chan T {
	out := make(chan T)
	g.Go(func() error {
		defer close(out)
		for _, v := range values {
			select {
			case out <- v:
			case <-ctx.Done():
				return nil
			}
		}
		return nil
	})
	return out
}

// Map applies fn to every value.
func Map[T, R any](ctx context.Context, g *errgroup.Group, in <-chan T, fn func(T) (R, error)) <-chan R {
	out := make(chan R)
	g.Go(func() error {
		defer close(out)
		return forward(ctx, in, out, fn)
	})
	return out
}

// Filter keeps the values for which keep is true.
func Filter[T any](ctx context.Context, g *errgroup.Group, in <-chan T, keep func(T) bool) <-chan T {
	out := make(chan T)
	g.Go(func() error {
		defer close(out)
		for v := range OrDone(ctx, in) {
			if !keep(v) {
				continue
			}
			select {
			case out <- v:
			case <-ctx.Done():
				return nil
			}
		}
		return nil
	})
	return out
}

// OrDone forwards in until ctx is done or in is closed, and closes its output in both cases.
func OrDone[T any](ctx context.Context, in <-chan T) <-chan T {
	out := make(chan T)
	go func() {
		defer close(out)
		for {
			select {
			case <-ctx.Done():
				return
			case v, ok := <-in:
				if !ok {
					return
				}
				select {
				case out <- v:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out
}

// Merge is the reference fan-in: one goroutine per input, a WaitGroup, and a goroutine that closes
// the output exactly once after every input is closed.
func Merge[T any](ctx context.Context, g *errgroup.Group, ins ...<-chan T) <-chan T {
	out := make(chan T)
	var wg sync.WaitGroup
	wg.Add(len(ins))
	for _, in := range ins {
		in := in
		g.Go(func() error {
			defer wg.Done()
			return forward(ctx, in, out, func(v T) (T, error) { return v, nil })
		})
	}
	g.Go(func() error { wg.Wait(); close(out); return nil })
	return out
}

// FanOut starts n Map stages over one input: each value goes to one of them.
func FanOut[T, R any](ctx context.Context, g *errgroup.Group, in <-chan T, n int, fn func(T) (R, error)) []<-chan R {
	outs := make([]<-chan R, n)
	for i := range outs {
		outs[i] = Map(ctx, g, in, fn)
	}
	return outs
}

// Tee sends every value of in on both outputs, to whichever consumer is ready first.
func Tee[T any](ctx context.Context, g *errgroup.Group, in <-chan T) (<-chan T, <-chan T) {
	a, b := make(chan T), make(chan T)
	g.Go(func() error {
		defer close(a)
		defer close(b)
		for v := range OrDone(ctx, in) {
			a, b := a, b // nil out a channel once it has the value
			for i := 0; i < 2; i++ {
				select {
				case a <- v:
					a = nil
				case b <- v:
					b = nil
				case <-ctx.Done():
					return nil
				}
			}
		}
		return nil
	})
	return a, b
}

// MapUnordered applies fn on n workers and emits as calls finish.
func MapUnordered[T, R any](ctx context.Context, g *errgroup.Group, in <-chan T, n int, fn func(T) (R, error)) <-chan R {
	out := make(chan R, n) // results come in bursts: a buffer of n spares a rendezvous per value
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		g.Go(func() error {
			defer wg.Done()
			return forward(ctx, in, out, fn)
		})
	}
	g.Go(func() error { wg.Wait(); close(out); return nil })
	return out
}

type seq[T any] struct {
	i int64
	v T
}

// MapOrdered applies fn on n workers and emits in input order, with at most n values in flight: a
// window of n tokens, and a reorder ring of n slots indexed by sequence number.
func MapOrdered[T, R any](ctx context.Context, g *errgroup.Group, in <-chan T, n int, fn func(T) (R, error)) <-chan R {
	window := make(chan struct{}, n)
	work := make(chan seq[T], n)
	done := make(chan seq[R], n)
	out := make(chan R, n)
	g.Go(func() error { // dispatcher
		defer close(work)
		var i int64
		for v := range OrDone(ctx, in) {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return nil
			}
			select {
			case work <- seq[T]{i, v}:
				i++
			case <-ctx.Done():
				return nil
			}
		}
		return nil
	})
	var wg sync.WaitGroup
	wg.Add(n)
	for w := 0; w < n; w++ {
		g.Go(func() error {
			defer wg.Done()
			for s := range work {
				r, err := fn(s.v)
				if err != nil {
					return err
				}
				select {
				case done <- seq[R]{s.i, r}:
				case <-ctx.Done():
					return nil
				}
			}
			return nil
		})
	}
	g.Go(func() error { wg.Wait(); close(done); return nil })
	g.Go(func() error { // collector
		defer close(out)
		ring := make([]*R, n)
		var next int64
		for s := range OrDone(ctx, done) {
			s := s
			ring[s.i%int64(n)] = &s.v
			for ring[next%int64(n)] != nil {
				select {
				case out <- *ring[next%int64(n)]:
				case <-ctx.Done():
					return nil
				}
				ring[next%int64(n)] = nil
				next++
				<-window
			}
		}
		return nil
	})
	return out
}

// MapPartitioned applies fn with one call per key at a time, keys spread over n workers by hash,
// so each key's results keep the input order.
func MapPartitioned[T, R any, K comparable](ctx context.Context, g *errgroup.Group, in <-chan T, n int,
	key func(T) K, hash func(K) uint64, fn func(T) (R, error)) <-chan R {
	lanes := make([]chan T, n)
	for i := range lanes {
		lanes[i] = make(chan T, 1)
	}
	g.Go(func() error {
		defer func() {
			for _, l := range lanes {
				close(l)
			}
		}()
		for v := range OrDone(ctx, in) {
			select {
			case lanes[hash(key(v))%uint64(n)] <- v:
			case <-ctx.Done():
				return nil
			}
		}
		return nil
	})
	out := make(chan R, n)
	var wg sync.WaitGroup
	wg.Add(n)
	for _, lane := range lanes {
		lane := lane
		g.Go(func() error {
			defer wg.Done()
			return forward(ctx, lane, out, fn)
		})
	}
	g.Go(func() error { wg.Wait(); close(out); return nil })
	return out
}

// StringHash hashes a string key for MapPartitioned.
func StringHash(seed maphash.Seed) func(string) uint64 {
	return func(s string) uint64 { return maphash.String(seed, s) }
}

// Collect receives every value of in, then waits for the group: the first error, or ctx.Err() if
// ctx was cancelled from outside, so a short result never looks complete.
func Collect[T any](ctx context.Context, g *errgroup.Group, in <-chan T) ([]T, error) {
	var out []T
	for v := range OrDone(ctx, in) {
		out = append(out, v)
	}
	outside := ctx.Err()
	if err := g.Wait(); err != nil {
		return out, err
	}
	return out, outside
}

func forward[T, R any](ctx context.Context, in <-chan T, out chan<- R, fn func(T) (R, error)) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case v, ok := <-in:
			if !ok {
				return nil
			}
			r, err := fn(v)
			if err != nil {
				return err
			}
			select {
			case out <- r:
			case <-ctx.Done():
				return nil
			}
		}
	}
}

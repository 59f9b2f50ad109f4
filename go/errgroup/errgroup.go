// Package errgroup is the Go twin of go4j's dev.go4j.errgroup.ErrGroup: a group of goroutines
// working on subtasks of one job, whose Wait reports the first error and whose context is
// cancelled by it.
//
// In real Go code, import golang.org/x/sync/errgroup. This module has no dependencies (and the
// machine it is built on reaches no module proxy), so it carries its own short version of the
// pattern, written from the package's documented behaviour. Go 1.19 has no
// context.WithCancelCause, so the context here is cancelled without a cause; x/sync on Go 1.20+
// records the first error as the cause, as the Java twin does.
package errgroup

import (
	"context"
	"fmt"
	"sync"
)

// Group runs goroutines and collects the first error; the zero Group has no limit and no context.
type Group struct {
	wg      sync.WaitGroup
	cancel  context.CancelFunc // nil for a zero Group
	tokens  chan struct{}      // nil: no limit; otherwise one token per running goroutine
	errOnce sync.Once
	err     error
}

// WithContext returns a Group and a context derived from ctx, cancelled by the first error or
// when Wait returns.
func WithContext(ctx context.Context) (*Group, context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	return &Group{cancel: cancel}, ctx
}

// Go runs f in a new goroutine, blocking first while the group is at its limit.
func (g *Group) Go(f func() error) {
	if g.tokens != nil {
		g.tokens <- struct{}{}
	}
	g.start(f)
}

// TryGo runs f in a new goroutine only if the group is below its limit.
func (g *Group) TryGo(f func() error) bool {
	if g.tokens != nil {
		select {
		case g.tokens <- struct{}{}:
		default:
			return false
		}
	}
	g.start(f)
	return true
}

func (g *Group) start(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.finish()
		if err := f(); err != nil {
			g.errOnce.Do(func() {
				g.err = err
				if g.cancel != nil {
					g.cancel()
				}
			})
		}
	}()
}

func (g *Group) finish() {
	if g.tokens != nil {
		<-g.tokens
	}
	g.wg.Done()
}

// SetLimit caps the number of running goroutines at n; a negative n removes the cap. It panics
// if goroutines holding a token are still running.
func (g *Group) SetLimit(n int) {
	if n < 0 {
		g.tokens = nil
		return
	}
	if len(g.tokens) != 0 {
		panic(fmt.Errorf("errgroup: modify limit while %v goroutines in the group are still active", len(g.tokens)))
	}
	g.tokens = make(chan struct{}, n)
}

// Wait blocks until every goroutine started by Go has returned, cancels the context, and returns
// the first non-nil error.
func (g *Group) Wait() error {
	g.wg.Wait()
	if g.cancel != nil {
		g.cancel()
	}
	return g.err
}

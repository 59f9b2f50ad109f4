// Package shutdown is the Go twin of go4j's dev.go4j.patterns.shutdown: a context cancelled by
// SIGINT/SIGTERM that remembers which signal arrived (signal.NotifyContext cannot say:
// golang/go#60756), and a coordinator that runs the usual shutdown sequence of a Go service in
// order, under deadlines, and reports what happened.
package shutdown

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// SignalContext is signal.NotifyContext plus the signal that cancelled it.
type SignalContext struct {
	context.Context
	cancel context.CancelFunc
	ch     chan os.Signal
	mu     sync.Mutex
	first  os.Signal
	halt   func(code int)
	once   sync.Once
}

// NotifyContext returns a context cancelled by the first of signals (SIGINT and SIGTERM if none);
// a second signal before Stop exits at once with status 128+signal. Stop restores the default
// handling, as signal.NotifyContext's stop does.
func NotifyContext(parent context.Context, signals ...os.Signal) *SignalContext {
	return notifyContext(parent, os.Exit, signals...)
}

func notifyContext(parent context.Context, halt func(int), signals ...os.Signal) *SignalContext {
	if len(signals) == 0 {
		signals = []os.Signal{os.Interrupt, syscall.SIGTERM}
	}
	ctx, cancel := context.WithCancel(parent)
	sc := &SignalContext{Context: ctx, cancel: cancel, ch: make(chan os.Signal, 2), halt: halt}
	signal.Notify(sc.ch, signals...)
	go func() {
		for s := range sc.ch {
			sc.mu.Lock()
			second := sc.first != nil
			if !second {
				sc.first = s
			}
			sc.mu.Unlock()
			if second {
				n := 1
				if sig, ok := s.(syscall.Signal); ok {
					n = int(sig)
				}
				sc.halt(128 + n)
				continue
			}
			cancel()
		}
	}()
	return sc
}

// Signal returns the signal that cancelled the context, or nil.
func (sc *SignalContext) Signal() os.Signal {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return sc.first
}

// Stop cancels the context and restores the default signal handling.
func (sc *SignalContext) Stop() {
	sc.once.Do(func() {
		signal.Stop(sc.ch)
		close(sc.ch)
		sc.cancel()
	})
}

// Phase is a step's place in the sequence.
type Phase int

// The phases, in the order they run.
const (
	StopAccepting Phase = iota
	Drain
	Close
)

func (p Phase) String() string {
	return [...]string{"STOP_ACCEPTING", "DRAIN", "CLOSE"}[p]
}

// Outcome is how a step ended.
type Outcome int

// The outcomes.
const (
	Completed Outcome = iota
	Failed
	TimedOut
)

func (o Outcome) String() string {
	return [...]string{"COMPLETED", "FAILED", "TIMED_OUT"}[o]
}

// StepReport is one step's result.
type StepReport struct {
	Name    string
	Phase   Phase
	Outcome Outcome
	Took    time.Duration
	Err     error
}

// Report is what a shutdown did, step by step in the order they ran.
type Report struct {
	Took  time.Duration
	Steps []StepReport
}

// Clean reports whether every step completed.
func (r Report) Clean() bool {
	for _, s := range r.Steps {
		if s.Outcome != Completed {
			return false
		}
	}
	return true
}

// Step stops something within the deadline ctx carries.
type Step func(ctx context.Context) error

type registered struct {
	name  string
	phase Phase
	step  Step
}

// Coordinator runs a service's shutdown: readiness off, a pre-stop delay, stop accepting, drain
// under one deadline, close the rest last-in first-out under a timeout each.
type Coordinator struct {
	PreStopDelay time.Duration
	DrainTimeout time.Duration // default 25s
	StepTimeout  time.Duration // default 5s

	mu      sync.Mutex
	steps   []registered
	ready   bool
	started bool
	once    sync.Once
	report  Report
}

// New returns a ready coordinator with the defaults.
func New() *Coordinator {
	return &Coordinator{DrainTimeout: 25 * time.Second, StepTimeout: 5 * time.Second, ready: true}
}

func (c *Coordinator) register(name string, p Phase, s Step) *Coordinator {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.started {
		panic(fmt.Sprintf("shutdown: cannot register %q: already started", name))
	}
	for _, r := range c.steps {
		if r.name == name {
			panic(fmt.Sprintf("shutdown: a step is already named %q", name))
		}
	}
	c.steps = append(c.steps, registered{name, p, s})
	return c
}

// OnStopAccepting registers a step that stops new work from arriving.
func (c *Coordinator) OnStopAccepting(name string, s Step) *Coordinator {
	return c.register(name, StopAccepting, s)
}

// OnDrain registers a step that waits for in-flight work, such as srv.Shutdown.
func (c *Coordinator) OnDrain(name string, s Step) *Coordinator { return c.register(name, Drain, s) }

// OnClose registers a step to run after the drain, last registered first.
func (c *Coordinator) OnClose(name string, s Step) *Coordinator { return c.register(name, Close, s) }

// Ready reports whether the service should still receive traffic.
func (c *Coordinator) Ready() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ready
}

// Run runs the sequence once; later calls return the same report.
func (c *Coordinator) Run() Report {
	c.once.Do(func() { c.report = c.sequence() })
	return c.report
}

func (c *Coordinator) sequence() Report {
	start := time.Now()
	c.mu.Lock()
	c.ready, c.started = false, true
	steps := append([]registered(nil), c.steps...)
	c.mu.Unlock()
	if c.PreStopDelay > 0 {
		time.Sleep(c.PreStopDelay)
	}
	var out []StepReport
	for _, r := range steps {
		if r.phase == StopAccepting {
			out = append(out, c.alone(r))
		}
	}
	drainCtx, cancel := context.WithTimeout(context.Background(), c.DrainTimeout)
	var waits []func() StepReport
	for _, r := range steps {
		if r.phase == Drain {
			waits = append(waits, run(drainCtx, r))
		}
	}
	for _, w := range waits {
		out = append(out, w())
	}
	cancel()
	for i := len(steps) - 1; i >= 0; i-- {
		if steps[i].phase == Close {
			out = append(out, c.alone(steps[i]))
		}
	}
	return Report{Took: time.Since(start), Steps: out}
}

func (c *Coordinator) alone(r registered) StepReport {
	ctx, cancel := context.WithTimeout(context.Background(), c.StepTimeout)
	defer cancel()
	return run(ctx, r)()
}

// run starts the step in its own goroutine and returns a wait that ends by ctx's deadline. A Go
// goroutine cannot be interrupted: a step that ignores ctx keeps running after it is reported.
func run(ctx context.Context, r registered) func() StepReport {
	start := time.Now()
	done := make(chan error, 1)
	go func() { done <- r.step(ctx) }()
	return func() StepReport {
		select {
		case err := <-done:
			took := time.Since(start)
			switch {
			case err == nil:
				return StepReport{r.name, r.phase, Completed, took, nil}
			case errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil:
				return StepReport{r.name, r.phase, TimedOut, took, nil}
			default:
				return StepReport{r.name, r.phase, Failed, took, err}
			}
		case <-ctx.Done():
			return StepReport{r.name, r.phase, TimedOut, time.Since(start), nil}
		}
	}
}

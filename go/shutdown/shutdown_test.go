package shutdown

import (
	"context"
	"errors"
	"sync"
	"syscall"
	"testing"
	"time"
)

type events struct {
	mu sync.Mutex
	l  []string
}

func (e *events) add(s string) {
	e.mu.Lock()
	e.l = append(e.l, s)
	e.mu.Unlock()
}

func (e *events) list() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.l...)
}

func (e *events) step(name string) Step {
	return func(context.Context) error { e.add(name); return nil }
}

func TestPhasesRunInOrderReadinessThenPreStopThenStopAcceptingThenDrainThenCloseLastInFirstOut(t *testing.T) {
	var ev events
	c := New()
	c.PreStopDelay = 10 * time.Millisecond
	c.OnStopAccepting("listener", ev.step("listener")).
		OnDrain("http", ev.step("http")).
		OnClose("db", ev.step("db")).
		OnClose("cache", ev.step("cache"))
	if !c.Ready() {
		t.Fatal("not ready before the shutdown")
	}
	r := c.Run()
	if c.Ready() {
		t.Fatal("still ready after the shutdown")
	}
	want := []string{"listener", "http", "cache", "db"}
	if got := ev.list(); len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] || got[3] != want[3] {
		t.Fatalf("order %v, want %v", got, want)
	}
	if !r.Clean() || r.Took < 10*time.Millisecond {
		t.Fatalf("report %+v", r)
	}
}

func TestDrainStepsShareOneDeadlineAndAreReportedTimedOut(t *testing.T) {
	c := New()
	c.DrainTimeout = 50 * time.Millisecond
	wait := func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }
	c.OnDrain("a", wait).OnDrain("b", wait)
	r := c.Run()
	for _, s := range r.Steps {
		if s.Outcome != TimedOut {
			t.Fatalf("%s: %v, want TIMED_OUT", s.Name, s.Outcome)
		}
	}
	if r.Took > 2*time.Second {
		t.Fatalf("took %v: the deadline was not shared", r.Took)
	}
}

func TestCloseStepsRunLastInFirstOutEachUnderItsOwnTimeout(t *testing.T) {
	var ev events
	c := New()
	c.StepTimeout = 30 * time.Millisecond
	release := make(chan struct{})
	defer close(release)
	c.OnClose("first", ev.step("first")).
		OnClose("hangs", func(context.Context) error { ev.add("hangs"); <-release; return nil }).
		OnClose("last", ev.step("last"))
	r := c.Run()
	got := ev.list()
	if len(got) != 3 || got[0] != "last" || got[1] != "hangs" || got[2] != "first" {
		t.Fatalf("order %v", got)
	}
	if r.Steps[1].Name != "hangs" || r.Steps[1].Outcome != TimedOut {
		t.Fatalf("report %+v", r.Steps)
	}
}

func TestAFailingStepIsReportedAndTheSequenceGoesOn(t *testing.T) {
	boom := errors.New("boom")
	var ev events
	c := New()
	c.OnClose("ok", ev.step("ok")).OnClose("fails", func(context.Context) error { return boom })
	r := c.Run()
	if r.Steps[0].Outcome != Failed || !errors.Is(r.Steps[0].Err, boom) || r.Steps[1].Outcome != Completed {
		t.Fatalf("report %+v", r.Steps)
	}
	if r.Clean() {
		t.Fatal("a failed step left the report clean")
	}
}

func TestRunIsOnceAndEveryCallerGetsTheSameReport(t *testing.T) {
	var ev events
	c := New()
	c.OnClose("once", ev.step("once"))
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); c.Run() }()
	}
	wg.Wait()
	if n := len(ev.list()); n != 1 {
		t.Fatalf("ran %d times", n)
	}
}

func TestFirstSignalCancelsTheContextWithItsNameAndASecondHalts(t *testing.T) {
	halted := make(chan int, 1)
	sc := notifyContext(context.Background(), func(code int) { halted <- code }, syscall.SIGTERM)
	defer sc.Stop()
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-sc.Done()
	if sc.Signal() != syscall.SIGTERM {
		t.Fatalf("signal %v", sc.Signal())
	}
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := <-halted; code != 143 {
		t.Fatalf("halt status %d, want 143", code)
	}
}

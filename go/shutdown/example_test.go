package shutdown

// Runnable examples, checked by go test against their Output comments. The Java twin of each is a
// program in examples/src/main/java/dev/go4j/examples/ that prints the same lines.

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// The shutdown page in one program: readiness goes false when the shutdown starts; the listener
// stops accepting, in-flight work drains, and the resources close last-in first-out, each under its
// own timeout; the report says how each step ended. A cancelled context stands in for
// NotifyContext(ctx, syscall.SIGTERM). Java twin: examples/.../shutdown/ShutdownExample.java.
func Example_shutdown() {
	c := New()
	c.StepTimeout = time.Second // ample for the quick steps, even on a busy machine
	c.OnStopAccepting("listener", func(context.Context) error {
		fmt.Println("stop accepting")
		return nil
	})
	c.OnDrain("requests", func(context.Context) error {
		fmt.Println("drain in-flight requests")
		return nil
	})
	c.OnClose("database", func(context.Context) error {
		fmt.Println("close database")
		return nil
	})
	c.OnClose("cache", func(context.Context) error {
		fmt.Println("flush cache")
		return errors.New("flush failed")
	})
	c.OnClose("metrics", func(ctx context.Context) error {
		<-ctx.Done() // a step that hangs is cut off at its timeout
		return ctx.Err()
	})

	signal, sigterm := context.WithCancel(context.Background())
	fmt.Println("ready:", c.Ready())
	sigterm()
	<-signal.Done() // the service's main goroutine waits here, then shuts down
	report := c.Run()
	fmt.Println("ready:", c.Ready())
	for _, s := range report.Steps {
		if s.Outcome == Failed {
			fmt.Println(s.Name, s.Phase, s.Outcome, s.Err)
		} else {
			fmt.Println(s.Name, s.Phase, s.Outcome)
		}
	}
	fmt.Println("clean:", report.Clean())
	// Output:
	// ready: true
	// stop accepting
	// drain in-flight requests
	// flush cache
	// close database
	// ready: false
	// listener STOP_ACCEPTING COMPLETED
	// requests DRAIN COMPLETED
	// metrics CLOSE TIMED_OUT
	// cache CLOSE FAILED flush failed
	// database CLOSE COMPLETED
	// clean: false
}

package errgroup

// Runnable examples on the real golang.org/x/sync/errgroup, checked by go test against their Output
// comments. The Java twin of each is a program in examples/src/main/java/dev/go4j/examples/.

import (
	"context"
	"errors"
	"fmt"

	xerrgroup "golang.org/x/sync/errgroup"
)

// The errgroup page in one program: fan out under a limit and wait for all; the first error cancels
// the group's context and is the one Wait returns; TryGo refuses when the limit is reached. Java
// twin: examples/.../errgroup/ErrGroupExample.java.
func Example_errgroup() {
	var g xerrgroup.Group
	g.SetLimit(2) // at most 2 goroutines at once: Go blocks until one returns
	names := []string{"a", "bb", "ccc", "dddd"}
	sizes := make([]int, len(names))
	for i, name := range names {
		i, name := i, name
		g.Go(func() error {
			sizes[i] = len(name) // each goroutine writes its own slot: no lock needed
			return nil
		})
	}
	fmt.Println("wait:", g.Wait())
	for i, name := range names {
		fmt.Println(name, sizes[i])
	}

	g2, ctx := xerrgroup.WithContext(context.Background())
	g2.Go(func() error {
		return errors.New("fetch b: status 503")
	})
	g2.Go(func() error {
		<-ctx.Done() // a sibling failed: stop early
		return ctx.Err()
	})
	fmt.Println("first error:", g2.Wait())
	fmt.Println("context:", ctx.Err())

	var g3 xerrgroup.Group
	g3.SetLimit(1)
	release := make(chan struct{})
	g3.Go(func() error {
		<-release
		return nil
	})
	fmt.Println("TryGo while full:", g3.TryGo(func() error { return nil }))
	close(release)
	fmt.Println("wait:", g3.Wait())
	// Output:
	// wait: <nil>
	// a 1
	// bb 2
	// ccc 3
	// dddd 4
	// first error: fetch b: status 503
	// context: context canceled
	// TryGo while full: false
	// wait: <nil>
}

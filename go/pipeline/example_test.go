package pipeline

// Runnable examples, checked by go test against their Output comments. The Java twin of each is a
// program in examples/src/main/java/dev/go4j/examples/ that prints the same lines.

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	xerrgroup "golang.org/x/sync/errgroup"
)

// The pipeline page in one program, written out in the Go blog's style: stages joined by channels in
// an errgroup, each closing its output; a fan-out to three workers and a fan-in by merge; and a
// failing stage that cancels the others and is the error Wait returns. Java twin:
// examples/.../pipeline/PipelineExample.java, which builds the same shapes with Stages and Pipeline.
func Example_pipeline() {
	// source -> square -> collect: one goroutine per stage, in order.
	g, ctx := xerrgroup.WithContext(context.Background())
	squares := mapStage(ctx, g, sourceStage(ctx, g, 1, 2, 3, 4), func(v int) (int, error) { return v * v, nil })
	var got []int
	for v := range squares {
		got = append(got, v)
	}
	fmt.Println("squares:", got, g.Wait())

	// fan-out to 3 workers over one input, fan-in by merging their outputs.
	g, ctx = xerrgroup.WithContext(context.Background())
	in := sourceStage(ctx, g, 1, 2, 3, 4, 5, 6, 7, 8, 9)
	var outs []<-chan int
	for i := 0; i < 3; i++ {
		outs = append(outs, mapStage(ctx, g, in, func(v int) (int, error) { return v * 10, nil }))
	}
	got = nil
	for v := range merge(ctx, g, outs...) {
		got = append(got, v)
	}
	sort.Ints(got) // a fan-in emits in completion order
	fmt.Println("fan-in:", got, g.Wait())

	// the first failure cancels every stage; Wait returns it.
	g, ctx = xerrgroup.WithContext(context.Background())
	checked := mapStage(ctx, g, sourceStage(ctx, g, 1, 2, 3, 4, 5), func(v int) (int, error) {
		if v == 3 {
			return 0, errors.New("bad value 3")
		}
		return v, nil
	})
	for range checked { // drain until the stage closes its output
	}
	fmt.Println("failed:", g.Wait())
	// Output:
	// squares: [1 4 9 16] <nil>
	// fan-in: [10 20 30 40 50 60 70 80 90] <nil>
	// failed: bad value 3
}

// sourceStage sends each value, then closes; it stops early when ctx is done.
func sourceStage(ctx context.Context, g *xerrgroup.Group, values ...int) <-chan int {
	out := make(chan int)
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

// mapStage applies fn to each value of in; its error ends the stage and cancels ctx.
func mapStage(ctx context.Context, g *xerrgroup.Group, in <-chan int, fn func(int) (int, error)) <-chan int {
	out := make(chan int)
	g.Go(func() error {
		defer close(out)
		for v := range OrDone(ctx, in) {
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
		return nil
	})
	return out
}

// merge forwards every input to one output, closed when all inputs are.
func merge(ctx context.Context, g *xerrgroup.Group, ins ...<-chan int) <-chan int {
	out := make(chan int)
	var wg sync.WaitGroup
	wg.Add(len(ins))
	for _, in := range ins {
		in := in
		g.Go(func() error {
			defer wg.Done()
			for v := range OrDone(ctx, in) {
				select {
				case out <- v:
				case <-ctx.Done():
					return nil
				}
			}
			return nil
		})
	}
	go func() { wg.Wait(); close(out) }()
	return out
}

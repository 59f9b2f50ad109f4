package pipeline

// Runnable examples, checked by go test against their Output comments. The Java twin of each is a
// program in examples/src/main/java/dev/go4j/examples/ that prints the same lines.

import (
	"context"
	"errors"
	"fmt"
	"sort"

	xerrgroup "golang.org/x/sync/errgroup"
)

// The pipeline page in one program, on this package's stages: stages joined by channels in an
// errgroup, each closing its output; a fan-out to three workers and a fan-in by merge; and a failing
// stage that cancels the others and is the error Wait returns. Java twin:
// examples/.../pipeline/PipelineExample.java, which builds the same shapes with Stages and Pipeline.
func Example_pipeline() {
	// source -> square -> collect: one goroutine per stage, in order.
	g, ctx := xerrgroup.WithContext(context.Background())
	squares := Map(ctx, g, Source(ctx, g, []int{1, 2, 3, 4}), func(v int) (int, error) { return v * v, nil })
	got, err := Collect(ctx, g, squares)
	fmt.Println("squares:", got, err)

	// fan-out to 3 workers over one input, fan-in by merging their outputs.
	g, ctx = xerrgroup.WithContext(context.Background())
	in := Source(ctx, g, []int{1, 2, 3, 4, 5, 6, 7, 8, 9})
	outs := FanOut(ctx, g, in, 3, func(v int) (int, error) { return v * 10, nil })
	got, err = Collect(ctx, g, Merge(ctx, g, outs...))
	sort.Ints(got) // a fan-in emits in completion order
	fmt.Println("fan-in:", got, err)

	// the first failure cancels every stage; Wait (in Collect) returns it.
	g, ctx = xerrgroup.WithContext(context.Background())
	checked := Map(ctx, g, Source(ctx, g, []int{1, 2, 3, 4, 5}), func(v int) (int, error) {
		if v == 3 {
			return 0, errors.New("bad value 3")
		}
		return v, nil
	})
	_, err = Collect(ctx, g, checked) // drains until the stage closes its output, then waits
	fmt.Println("failed:", err)
	// Output:
	// squares: [1 4 9 16] <nil>
	// fan-in: [10 20 30 40 50 60 70 80 90] <nil>
	// failed: bad value 3
}

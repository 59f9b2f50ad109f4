package workerpool

// Runnable examples, checked by go test against their Output comments. The Java twin of each is a
// program in examples/src/main/java/dev/go4j/examples/ that prints the same lines.

import (
	"context"
	"errors"
	"fmt"
)

// The worker pool page in one program: the canonical pool (jobs and results channels, n workers, a
// closer) with a failing job; Run, which returns one result per job in job order; and the pool a
// service ships, whose bounded queue drops what does not fit under TrySubmit and whose Close drains.
// Java twin: examples/.../workerpool/WorkerPoolExample.java.
func Example_workerpool() {
	ctx := context.Background()
	jobs := make(chan int)
	go func() {
		defer close(jobs) // the producer closes jobs; the pool closes results
		for i := 1; i <= 9; i++ {
			jobs <- i
		}
	}()
	sum := 0
	for r := range Workers(ctx, 3, jobs, func(n int) (int, error) {
		if n == 7 {
			return 0, errors.New("job 7: bad input")
		}
		return n * n, nil
	}) { // results arrive in completion order: only order-free facts are printed
		if r.Err != nil {
			fmt.Println("failed:", r.Err)
			continue
		}
		sum += r.Value
	}
	fmt.Println("sum of the other squares:", sum)

	for _, r := range Run(ctx, 2, []string{"a", "bb", "ccc"}, func(s string) (int, error) {
		return len(s), nil
	}) {
		fmt.Println(r.Job, r.Value, r.Err)
	}

	pool := New(1, 1, nil) // one worker, a queue of one
	started, release := make(chan struct{}), make(chan struct{})
	first, _ := pool.Submit(ctx, func(context.Context) (any, error) {
		close(started)
		<-release
		return "first done", nil
	})
	<-started // the worker holds the first task: the queue is empty
	second, _ := pool.TrySubmit(func(context.Context) (any, error) { return "second done", nil })
	third, _ := pool.TrySubmit(func(context.Context) (any, error) { return "third done", nil })
	fmt.Println("second queued:", second != nil, "third dropped:", third == nil)
	close(release)
	v1, _ := first.Wait()
	v2, _ := second.Wait()
	fmt.Println(v1, "/", v2)
	pool.Close() // stops taking tasks, waits for the queued and running ones
	submitted, _, succeeded, _, dropped := pool.Counters()
	fmt.Println("submitted", submitted, "succeeded", succeeded, "dropped", dropped)
	// Output:
	// failed: job 7: bad input
	// sum of the other squares: 236
	// a 1 <nil>
	// bb 2 <nil>
	// ccc 3 <nil>
	// second queued: true third dropped: true
	// first done / second done
	// submitted 2 succeeded 2 dropped 1
}

package context

// Runnable examples, checked by go test against their Output comments. The Java twin of each is a
// program in examples/src/main/java/dev/go4j/examples/ that prints the same lines.

import (
	"context"
	"fmt"
	"time"
)

// The context page in one program: a value carried down the tree, a cancellation that reaches a
// descendant and wakes the goroutine waiting on it, and a timeout that ends a wait. Java twin:
// examples/.../context/ContextExample.java.
func Example_context() {
	type key string
	root, cancel := context.WithCancel(context.Background())
	child, cancelChild := context.WithTimeout(root, time.Hour) // defer cancel: release the timer
	defer cancelChild()
	ctx := context.WithValue(child, key("request-id"), "r-42")
	fmt.Println("request-id:", ctx.Value(key("request-id")))
	fmt.Println("err before cancel:", ctx.Err())

	stopped := make(chan string)
	go func() {
		<-ctx.Done() // closed when the cancellation reaches ctx through the tree
		stopped <- "worker stopped: " + ctx.Err().Error()
	}()
	cancel() // cancelling the root cancels every descendant
	fmt.Println(<-stopped)
	fmt.Println("child:", child.Err())

	short, cancelShort := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancelShort()
	select { // a wait that the context's deadline cuts short
	case <-short.Done():
		fmt.Println("short:", short.Err())
	case <-time.After(time.Hour):
		fmt.Println("slept an hour")
	}
	// Output:
	// request-id: r-42
	// err before cancel: <nil>
	// worker stopped: context canceled
	// child: context canceled
	// short: context deadline exceeded
}

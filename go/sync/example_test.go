package sync

// Runnable examples, the Go side of the Java snippets in core/src/test/java/dev/go4j/sync/
// (WaitGroupSnippets, OnceSnippets, PoolSnippets).

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"
)

// Fan out, then wait for all: WaitGroupSnippets' fanOut region (wg.Go is Go 1.25's; Go here).
func ExampleGo() {
	urls := []string{"https://go.dev", "https://openjdk.org", "https://go4j.dev"}
	var mu sync.Mutex
	sizes := map[string]int{}
	var wg sync.WaitGroup
	for _, url := range urls {
		url := url
		Go(&wg, func() {
			mu.Lock()
			defer mu.Unlock()
			sizes[url] = len(url)
		})
	}
	wg.Wait()
	keys := make([]string, 0, len(sizes))
	for k := range sizes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Println(k, sizes[k])
	}
	// Output:
	// https://go.dev 14
	// https://go4j.dev 16
	// https://openjdk.org 19
}

// Lazy initialization shared by all callers: OnceSnippets' once region.
func Example_once() {
	var connectOnce sync.Once
	var connection string
	opened := 0
	conn := func() string {
		connectOnce.Do(func() {
			opened++
			connection = fmt.Sprintf("connection-%d", opened)
		})
		return connection
	}
	fmt.Println(conn(), conn(), opened)
	// Output: connection-1 connection-1 1
}

func ExampleOnceValue() {
	config := OnceValue(func() map[string]string { return map[string]string{"region": "eu"} })
	fmt.Println(config()["region"])
	// Output: eu
}

// Reusing large buffers: PoolSnippets' buffers region.
func Example_pool() {
	buffers := sync.Pool{New: func() any { return new(bytes.Buffer) }}
	encodedLength := func(message string) int {
		buf := buffers.Get().(*bytes.Buffer)
		defer buffers.Put(buf)
		defer buf.Reset() // reset before it goes back (defers run last-in first-out)
		buf.WriteString(message)
		return buf.Len()
	}
	fmt.Println(encodedLength("héllo"), encodedLength("hello"))
	// Output: 6 5
}

// The sync page in one program: a WaitGroup waits for ten goroutines that add under a mutex; a Once
// runs its function once however often it is called; a weighted semaphore grants what fits and a
// context bounds a blocked acquire; a Pool hands out reusable buffers. Java twin:
// examples/.../sync/SyncExample.java.
func Example_sync() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for i := 1; i <= 10; i++ {
		i := i
		wg.Add(1) // before the goroutine starts, never inside it
		go func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			total += i
		}()
	}
	wg.Wait()
	fmt.Println("total:", total)

	var once sync.Once
	inits := 0
	for i := 0; i < 3; i++ {
		once.Do(func() { inits++ })
	}
	fmt.Println("inits:", inits)

	sem := semaphore.NewWeighted(3)
	fmt.Println("try 2 of 3:", sem.TryAcquire(2))
	fmt.Println("try 2 more:", sem.TryAcquire(2))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	fmt.Println("acquire 2 until the deadline:", sem.Acquire(ctx, 2))
	sem.Release(2)
	fmt.Println("try 3 after release:", sem.TryAcquire(3))

	pool := sync.Pool{New: func() any { return new(bytes.Buffer) }}
	buf := pool.Get().(*bytes.Buffer) // a reused buffer or a new one: the program cannot tell
	buf.WriteString("hello, pool")
	fmt.Println(buf.String())
	buf.Reset() // reset before it goes back
	pool.Put(buf)
	// Output:
	// total: 55
	// inits: 1
	// try 2 of 3: true
	// try 2 more: false
	// acquire 2 until the deadline: context deadline exceeded
	// try 3 after release: true
	// hello, pool
}

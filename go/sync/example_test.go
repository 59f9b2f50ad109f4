package sync

// Runnable examples, the Go side of the Java snippets in core/src/test/java/dev/go4j/sync/
// (WaitGroupSnippets, OnceSnippets, PoolSnippets).

import (
	"bytes"
	"fmt"
	"sort"
	"sync"
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

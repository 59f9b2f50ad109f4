package httpx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Result is one URL's outcome.
type Result struct {
	URL    string
	Status int
	Body   []byte
	Err    error
	Took   time.Duration
}

// ErrBodyTooLarge is a body over the limit.
var ErrBodyTooLarge = errors.New("response body exceeds the limit")

// FetchAll fetches urls with at most n in flight and k per host, a timeout per request, bodies up
// to maxBody bytes; one result per URL, in input order; returns when all are done or ctx is.
func FetchAll(ctx context.Context, client *http.Client, urls []string, n, k int, timeout time.Duration, maxBody int64) []Result {
	results := make([]Result, len(urls))
	global := make(chan struct{}, n)
	var mu sync.Mutex
	hosts := map[string]chan struct{}{}
	var wg sync.WaitGroup
	for i, u := range urls {
		host := u
		if p, err := url.Parse(u); err == nil {
			host = p.Host
		}
		mu.Lock()
		sem, ok := hosts[host]
		if !ok {
			sem = make(chan struct{}, k)
			hosts[host] = sem
		}
		mu.Unlock()
		wg.Add(1)
		go func(i int, u string, sem chan struct{}) {
			defer wg.Done()
			results[i] = fetchOne(ctx, client, u, sem, global, timeout, maxBody)
		}(i, u, sem)
	}
	wg.Wait()
	return results
}

func fetchOne(ctx context.Context, client *http.Client, u string, host, global chan struct{}, timeout time.Duration, maxBody int64) Result {
	select { // the host's slot first: a slow host never holds global slots idle
	case host <- struct{}{}:
		defer func() { <-host }()
	case <-ctx.Done():
		return Result{URL: u, Err: ctx.Err()}
	}
	select {
	case global <- struct{}{}:
		defer func() { <-global }()
	case <-ctx.Done():
		return Result{URL: u, Err: ctx.Err()}
	}
	start := time.Now()
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, u, nil)
	if err != nil {
		return Result{URL: u, Err: err}
	}
	resp, err := client.Do(req)
	if err != nil {
		return Result{URL: u, Err: err, Took: time.Since(start)}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err == nil && int64(len(body)) > maxBody {
		err = fmt.Errorf("%w (%d bytes)", ErrBodyTooLarge, maxBody)
		body = nil
	}
	return Result{URL: u, Status: resp.StatusCode, Body: body, Err: err, Took: time.Since(start)}
}

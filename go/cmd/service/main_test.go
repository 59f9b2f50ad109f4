package main

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func startTest(t *testing.T, args ...string) (*service, string) {
	t.Helper()
	c, err := parse(append([]string{"-port=0", "-token=test-token", "-access-log=off", "-rate=1000000"}, args...))
	if err != nil {
		t.Fatal(err)
	}
	s, err := start(c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.coord.Run() })
	return s, "http://" + s.ln.Addr().String()
}

func do(method, url string, auth bool) (int, string, error) {
	req, _ := http.NewRequest(method, url, nil)
	if auth {
		req.Header.Set("Authorization", "Bearer test-token")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

func TestHealthAndReadinessStayOpenWhileTheApiNeedsABearerToken(t *testing.T) {
	_, base := startTest(t)
	for _, c := range []struct {
		path   string
		auth   bool
		status int
		body   string
	}{{"/healthz", false, 200, "ok"}, {"/readyz", false, 200, "ok"}, {"/bare/hello", false, 200, "hello"},
		{"/hello", false, 401, ""}, {"/hello", true, 200, "hello"}} {
		status, body, err := do("GET", base+c.path, c.auth)
		if err != nil || status != c.status || (c.body != "" && body != c.body) {
			t.Errorf("GET %s (auth %v) = %d %q %v, want %d %q", c.path, c.auth, status, body, err, c.status, c.body)
		}
	}
}

func TestAJobIsQueuedWith202AndItsResultIsReadLater(t *testing.T) {
	_, base := startTest(t)
	status, body, err := do("POST", base+"/jobs?n=1000", true)
	if err != nil || status != 202 || !strings.Contains(body, `"id":"job-1"`) {
		t.Fatalf("POST /jobs = %d %q %v", status, body, err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, body, _ = do("GET", base+"/jobs/job-1", true)
		if strings.Contains(body, "succeeded") || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(body, `"primes":168`) {
		t.Fatalf("GET /jobs/job-1 = %q", body)
	}
}

func TestShutdownUnderLoadCompletesEveryAcceptedRequestThenRefuses(t *testing.T) {
	s, base := startTest(t, "-drain=60s", "-step=60s", "-request-timeout=60s")
	var completed atomic.Int64
	var bad atomic.Value
	var wg sync.WaitGroup
	for c := 0; c < 8; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				status, body, err := do("GET", base+"/hello", true)
				switch {
				case err != nil, status == 503:
					return // refused: the listener is closed, or a kept-alive connection got 503
				case status == 200 && body == "hello":
					completed.Add(1)
				default:
					bad.Store(fmt.Sprintf("%d %q", status, body))
				}
			}
		}()
	}
	for completed.Load() < 300 {
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	report := s.coord.Run()
	wg.Wait()
	if !report.Clean() {
		t.Errorf("report not clean: %+v", report)
	}
	if took := time.Since(start); took > 60*time.Second {
		t.Errorf("shutdown took %v", took)
	}
	if b := bad.Load(); b != nil {
		t.Errorf("a bad response: %v", b)
	}
	if _, _, err := do("GET", base+"/hello", true); err == nil {
		t.Error("the port still answers after shutdown")
	}
}
